"""The questionnaire as web pages: plain HTML forms, one question at a time.

The flow (questions, skips, back, review, the saved file) is the model in
flow.py that `infoview ask` drives too; this module only draws it. The answers
so far and the position travel in one hidden field (`state`) of every form, so
the server keeps nothing between requests.
"""

import json
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from ..errors import InputError
from ..flow import LEFT_OUT, OWN_WORDS_EXAMPLE, Flow, Position, shown_words

HERE = Path(__file__).resolve().parent
DOWNLOAD_NAME = "infoview-answers.toml"
BAD_STATE = "This form's saved answers could not be read. Please start again."
# after "No, let me change it": a prompt, not an error, that reads on a page of its own (a trial:
# "Then pick ..." began a fresh page); the words stay in the box to edit. The goals read are ticked, to
# start from: a later trial ticked only the goal that was missing and lost the one read right
NOT_READ_RIGHT = ("You said that reading was wrong. The goals we read are ticked, to start from: tick every goal "
                  "you meant and untick the rest (then your words are left out), or change your words.")
# words left out (flow.LEFT_OUT, said at the review and the verdict) brought back by "Use my words again"
WORDS_BACK = "Your words are back in the box. Change them if you like, then press \u201c{button}\u201d to have them read."
# how to add a goal the words seemed to name but were not read as (flow.Reading.not_read)
NOT_READ_FIX = "choose \u201cNo, let me change it\u201d and tick it"


def templates() -> Environment:
    return Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                       trim_blocks=True, lstrip_blocks=True)


def render(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    rules = request.app.state.advisor.rules
    html = request.app.state.templates.get_template(name).render(source=rules.source, **context)
    return HTMLResponse(html, status_code=status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status=status, status_code=status, message=message)


def the_flow(request: Request) -> Flow:
    flow = getattr(request.app.state, "flow", None)
    if flow is None:
        flow = request.app.state.flow = Flow(request.app.state.advisor.rules)
    return flow


class BadState(Exception):
    """The hidden state of a form was tampered with, or comes from other rules."""


def load_state(flow: Flow, raw) -> tuple[dict, Position, dict[str, str]]:
    """The answers, the position, and the own words left out by question field (see LEFT_OUT)."""
    if not raw:
        return {}, Position(), {}
    try:
        data = json.loads(str(raw))
        answers = flow.start(data["answers"])
        position = Position.from_dict(data.get("position"))
        left_out = data.get("left_out", {})
        if not isinstance(left_out, dict) or not all(isinstance(v, str) for v in left_out.values()):
            raise TypeError("left_out")
    except (ValueError, KeyError, TypeError, AttributeError, InputError) as error:
        raise BadState(str(error)) from None
    fields = {q.field for q in flow.questions}
    if position.at is not None and position.at not in fields:
        raise BadState(position.at)
    if any(field not in fields or not flow.question(field).free_text for field in left_out):
        raise BadState("left_out")
    return answers, position, left_out


def dump_state(answers: dict, position: Position, left_out: dict[str, str] | None = None) -> str:
    data = {"answers": answers, "position": position.to_dict()}
    if left_out:
        data["left_out"] = left_out
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def left_out_of(request: Request) -> dict[str, str]:
    """The own words left out so far, by question field: they travel in the state of every form."""
    return getattr(request.state, "left_out", {})


def state_for(request: Request, answers: dict, position: Position) -> str:
    return dump_state(answers, position, left_out_of(request))


# -- what each page shows ---------------------------------------------------------
def changing(position: Position, answers: dict) -> bool:
    """Is the question on screen a change made from the review (after it: the review again)?"""
    return position.at is not None and not position.walk and position.at in answers


def skip_notes(flow: Flow, skips) -> list[tuple[list[str], str]]:
    """[(question texts, the answers that make them not matter)], grouped by reason."""
    return [([q.text for q in questions], flow.because_text(because)) for because, questions in flow.group_skips(skips)]


def new_skips(flow: Flow, answers: dict, step, position: Position) -> list:
    """The skips to note on this question: those the answer just before it caused.

    A skip's reason is earlier answers; the latest of them is the answer that
    caused it, so its note goes on the question asked right after that answer,
    once, as `infoview ask` says it once (a trial: the note came back on every
    later question). The review lists every skip; a change made there notes none.
    """
    if changing(position, answers):
        return []
    before = flow.previous(answers, step.question.field)
    order = [q.field for q in flow.questions]
    caused = [s for s in step.skips
              if (max(s.because, key=order.index) if s.because else None) == before]
    if before is not None:  # and those answered before (after Back) that this answer left out of the count
        said = {s.question.field for s in caused}
        caused += [s for s in flow.left_the_count(answers, before, step.question.field) if s.question.field not in said]
        caused.sort(key=lambda s: order.index(s.question.field))
    return caused


def question_page(request, flow, answers, position, *, chosen=None, own_words=None, error=None, notice=None,
                  status=200, error_label="Error:", rejected_words=""):
    step = flow.step(answers, position)
    q = step.question
    if q is None:
        return review_page(request, flow, answers)
    default = step.default if chosen is None else chosen
    picked = set(default if isinstance(default, list) else [default] if default is not None else [])
    left_out = left_out_of(request).get(q.field) if q.free_text and not step.default_text else None
    if own_words is None and left_out:
        # back at words left out: they are in the box as they were, still left out beside the ticks
        # unless changed (as on the page after "No"), and the page says so
        own_words, rejected_words = left_out, left_out
        if notice is None and error is None:
            notice = LEFT_OUT.format(words=shown_words(left_out)) + " To use them, change them or untick every goal."
    text_field = flow.schema.fields.get(q.free_text) if q.free_text else None
    explanation = flow.explain(q)
    return render(
        request, "question.html", status=status,
        state=state_for(request, answers, position), q=q, number=step.number, total=step.total,
        options=list(zip(q.values, q.labels)), chosen=picked,
        skips=skip_notes(flow, new_skips(flow, answers, step, position)),
        quotes=list(explanation.quotes)[:3], why=explanation.why,
        error=error, error_label=error_label, notice=notice,
        own_words=(step.default_text or "") if own_words is None else own_words,
        max_length=text_field.max_length if text_field else 0,
        changing=changing(position, answers), rejected_words=rejected_words,
        can_go_back=step.can_go_back, example=OWN_WORDS_EXAMPLE,
    )


def review_page(request, flow, answers):
    position = Position()
    return render(request, "review.html", state=state_for(request, answers, position), rows=flow.review(answers),
                  skips=skip_notes(flow, flow.skipped(answers)), left_out=left_out_notes(request, flow, answers, shown=True))


def left_out_notes(request: Request, flow: Flow, answers: dict, shown: bool = False) -> dict[str, str]:
    """{field: the sentence saying its words were left out}, for the questions asked and answered
    (`shown`: long words cut, for the review and the verdict; else whole, for a downloaded file)."""
    return flow.left_out_notes(answers, left_out_of(request), shown=shown)


def verdict_page(request, flow, answers):
    advisor = request.app.state.advisor
    rules = advisor.rules
    advice = advisor.advise(flow.complete(answers))
    return render(request, "verdict.html", state=state_for(request, answers, Position()),
                  left_out=list(left_out_notes(request, flow, answers, shown=True).values()), **verdict_context(advice, rules))


def verdict_context(advice, rules) -> dict:
    """The verdict page shows the report model of `infoview advise` (report.build), drawn in HTML."""
    from ..draft import build_draft
    from ..report import OURS, build

    return {"report": build(advice, rules), "ours": OURS, "draft": build_draft(advice, rules)}


# -- routes ---------------------------------------------------------------------
async def start(request: Request) -> Response:
    return render(request, "start.html")


async def posted_state(request: Request) -> tuple[Flow, FormData, dict, Position]:
    """The flow, the posted form, and the answers and position its state holds (BadState if tampered with)."""
    flow = the_flow(request)
    form = await request.form()
    answers, position, request.state.left_out = load_state(flow, form.get("state"))
    return flow, form, answers, position


async def step(request: Request) -> Response:
    """Every button of the questionnaire posts here; the form says what was pressed."""
    try:
        flow, form, answers, position = await posted_state(request)
    except BadState:
        return error_page(request, 400, BAD_STATE)
    action = str(form.get("action", "start"))
    fields = {q.field for q in flow.questions}
    if action == "start":
        return question_page(request, flow, {}, Position())
    if action == "back":
        if changing(position, answers):  # "Cancel" on a change made at the review
            return review_page(request, flow, answers)
        if not flow.step(answers, position).can_go_back:
            return render(request, "start.html")
        answers, position = flow.back(answers, position)
        return question_page(request, flow, answers, position)
    if action == "review":
        return question_page(request, flow, answers, Position())
    if action == "verdict":
        if flow.next_unanswered(answers) is not None:
            return question_page(request, flow, answers, Position())
        return verdict_page(request, flow, answers)
    if action.startswith("change:") and action[7:] in fields:
        return question_page(request, flow, answers, flow.change(action[7:]))
    if action.startswith("words:") and action[6:] in left_out_of(request):
        # "Use my words again" at the review: the words in the box, to be read (and confirmed) this time
        field = action[6:]
        return question_page(request, flow, answers, flow.change(field), own_words=left_out_of(request)[field],
                             notice=WORDS_BACK.format(button="Save the change"))
    if action in ("answer", "confirm", "reject", "edit") and form.get("field") in fields:
        return answer(request, flow, answers, position, form, action)
    return error_page(request, 400, "This form could not be understood. Please start again.")


def answer(request, flow, answers, position, form, action):
    q = flow.question(str(form["field"]))
    step = flow.step(answers, position)
    if step.question is not q:
        position = Position(q.field, position.walk)  # the page that was answered says which question it was
        step = flow.step(answers, position)
    picked = [str(v) for v in form.getlist("value")]
    own_words = str(form.get("own_words", "")).strip() if q.free_text else ""

    def again(error=None, status=400, words=own_words, notice=None, error_label="Error:", rejected="", ticked=None):
        return question_page(request, flow, answers, position, chosen=(ticked or picked) if q.type == "multi" else
                             (picked[0] if len(picked) == 1 else None), own_words=words, error=error,
                             notice=notice, status=status, error_label=error_label, rejected_words=rejected)

    if any(v not in q.values for v in picked) or len(set(picked)) != len(picked):
        return again("Please choose from the answers shown.")
    if q.type == "choice":
        if len(picked) != 1:
            return again("Please choose one answer.")
        value = picked[0]
    else:
        value = [v for v in q.values if v in picked]
    if action == "edit":
        # "Back" on the confirm page: the question again as it was filled in (ticks and words), with
        # nothing said about the reading, as Back on any step keeps the answer (a trial: the confirm
        # page had no Back, so the only way to the words was to say the reading was wrong)
        return again(status=200)
    rejected = str(form.get("rejected_words", "")).strip() if q.free_text else ""
    left_out = ""
    if own_words and own_words == rejected and value:
        # words whose reading was said to be wrong, sent again unchanged beside ticks: left out, and
        # the ticks are the answer (with nothing ticked they are read again, to confirm: no dead end).
        # They are kept in the state, so the review and the verdict say so and can bring them back
        left_out, own_words = own_words, ""
    text = None
    if own_words:
        # the goals answer holds what was ticked; goals read from the words stay with the words
        # (the advisor reads them there), so changing the words changes them (a trial: goals read
        # from words came back ticked, and a job wish taken back out of the words still counted)
        parsed = flow.read_words(q, own_words)
        if action == "reject":
            # the goals read are named, and ticked beside those ticked before, to start from: one
            # wrong goal is then one untick, as the terminal has it (where a trial found a person
            # ticking again what had been read right). The words stay in the box, to edit (a
            # trial: they were thrown away)
            labels = flow.labels(q)
            read = parsed.reading.goals if parsed.reading else []
            named = f" We read: {'; '.join(labels[g] for g in read)}." if read else ""
            ticked = [v for v in q.values if v in picked or v in read]
            return again(notice=NOT_READ_RIGHT + named, status=200, rejected=own_words, ticked=ticked)
        if parsed.error and parsed.offer_list and value:
            # no goal read, but goals ticked: go on with those. The words are kept, so the
            # verdict says they could not be read and that the advice rests on the ticked
            # goals (a trial: an error here told a person they had done something wrong)
            text = own_words
        elif parsed.error:  # offer_list: no goal read (the message quotes the words); else too long
            # words nothing could be read from are no mistake of the person's: not labelled "Error:" (a
            # trial). They stay in the box, to edit (a trial: they were thrown away)
            return again(parsed.error, error_label="" if parsed.offer_list else "Error:")
        elif action != "confirm" and own_words != (step.default_text or ""):
            # new words: confirmed before they count (words confirmed before, unchanged, count as they are)
            labels = flow.labels(q)
            reading = parsed.reading
            readings = [(labels[m.goal], m.phrase) for m in reading.matches]
            # numbered as the question it confirms, or marked as a change, like every other step (a trial)
            return render(request, "confirm.html", state=state_for(request, answers, position), q=q, readings=readings,
                          picked=value, own_words=own_words, also_ticked=reading.also_ticked(labels, value),
                          not_read=reading.not_read(labels, NOT_READ_FIX, "we", value),
                          number=step.number, total=step.total, changing=changing(position, answers))
        else:
            text = own_words
    try:
        answers, position = flow.answer(answers, position, q.field, value, text=text)
    except InputError as error:
        return again(str(error))
    if q.free_text:  # words used, or the box emptied: nothing left out any more
        request.state.left_out = {f: w for f, w in left_out_of(request).items() if f != q.field}
        if left_out:
            request.state.left_out[q.field] = left_out
    return question_page(request, flow, answers, position)


async def download(request: Request) -> Response:
    """The answers as the one saved format: a TOML file `infoview advise` and `infoview check` read."""
    try:
        flow, _, answers, _ = await posted_state(request)
    except BadState:
        return error_page(request, 400, BAD_STATE)
    if flow.next_unanswered(answers) is not None:
        return error_page(request, 400, "Answer every question before you download the answers.")
    complete = flow.complete(answers)
    advice = request.app.state.advisor.advise(complete)
    # words left out are said in the file too, as `ask --save` says them (flow.saved_file)
    notes = left_out_notes(request, flow, answers).values()
    saved = flow.saved_file(complete, advice, None, "infoview's web page", notes)
    return Response(saved, media_type="application/toml",
                    headers={"content-disposition": f'attachment; filename="{DOWNLOAD_NAME}"'})


async def resume(request: Request) -> Response:
    """Upload a downloaded answers file (or any answers file) to go on from it."""
    flow = the_flow(request)
    async with request.form() as form:  # closes the uploaded file's spooled copy
        upload = form.get("answers")
        if upload is None or isinstance(upload, str) or not upload.filename:
            return render(request, "start.html", status=400, upload_error="Choose an answers file to upload.")
        raw = await upload.read()
    try:
        answers, request.state.left_out = read_upload(flow, upload.filename, raw)
    except InputError as error:
        return render(request, "start.html", status=400, upload_error=f"{upload.filename}: {error}")
    return question_page(request, flow, answers, Position())


def read_upload(flow: Flow, filename: str, raw: bytes) -> tuple[dict, dict[str, str]]:
    """The answers in an uploaded file, and the own words its description says were left out (see LEFT_OUT),
    as `infoview ask --answers` reads them."""
    from .api import parse_answers

    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix not in ("toml", "json"):
        raise InputError(f"unknown file type '.{suffix}' (use .toml or .json)" if suffix
                         else "unknown file type '(none)' (use .toml or .json)")
    data = parse_answers(raw, suffix, empty="empty file")
    if "scenario" in data:  # a file downloaded from here, or saved by `infoview ask --save`
        scenarios = data["scenario"]
        if not isinstance(scenarios, list) or len(scenarios) != 1 or not isinstance(scenarios[0], dict) \
                or not isinstance(scenarios[0].get("answers"), dict):
            raise InputError("a saved file to go on from has exactly one [[scenario]] with an answers table")
        description, data = scenarios[0].get("description", ""), scenarios[0]["answers"]
    else:
        description = ""
    # its goals ticked as ticked, and its own words in the box: the goals read from them stay with them
    answers = flow.start(data)
    return answers, flow.left_out_in(description, answers)


async def to_start(request: Request) -> Response:
    return RedirectResponse("/", status_code=303)


routes = [
    Route("/", start, methods=["GET"]),
    Route("/step", step, methods=["POST"]),
    Route("/step", to_start, methods=["GET"]),
    Route("/download", download, methods=["POST"]),
    Route("/resume", resume, methods=["POST"]),
]
