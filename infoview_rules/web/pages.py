"""The questionnaire as web pages: plain HTML forms, one question at a time.

The flow is the questionnaire model that `infoview ask` drives; this module
only draws it. The answers so far travel in one hidden field (`state`) of
every form, so the server keeps nothing between requests.
"""

import json

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from ..errors import InputError
from ..phrases import read_goals
from ..questionnaire import Questionnaire
from ..scenarios import format_because
from pathlib import Path

HERE = Path(__file__).resolve().parent

DOWNLOAD_NAME = "infoview-answers.toml"
MAX_QUOTES = 3


def templates() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    return env


def render(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    rules = request.app.state.advisor.rules
    template = request.app.state.templates.get_template(name)
    html = template.render(source=rules.source, **context)
    return HTMLResponse(html, status_code=status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status=status, status_code=status, message=message)


class BadState(Exception):
    """The hidden state of a form was tampered with or is from other rules."""


# -- the state in the page ------------------------------------------------------
def flow(request: Request, answers=None, history=()) -> Questionnaire:
    """The questionnaire model with the answers so far (no terminal: it only decides)."""
    model = Questionnaire(request.app.state.advisor, read=None, write=lambda *a, **k: None, start=answers or {})
    model.history = [f for f in history if f in model.answers]
    return model


def load_state(request: Request, raw: str | None) -> Questionnaire:
    if not raw:
        return flow(request)
    try:
        data = json.loads(raw)
        answers = request.app.state.advisor.rules.schema.validate(data["answers"], partial=True)
        history = [str(f) for f in data["history"]]
    except (ValueError, KeyError, TypeError, InputError) as error:
        raise BadState(str(error)) from None
    return flow(request, answers, history)


def dump_state(model: Questionnaire) -> str:
    return json.dumps({"answers": model.answers, "history": model.history}, ensure_ascii=False, separators=(",", ":"))


# -- what each step shows ---------------------------------------------------------
def quotes_for(rules, field: str) -> list[str]:
    """Verbatim quotes of the findings that test this question's answer."""
    seen = []
    for finding in rules.findings:
        if any(lit.field == field for term in finding.terms for lit in term) and finding.quote not in seen:
            seen.append(finding.quote)
    return seen[:MAX_QUOTES]


def skipped_before(model: Questionnaire, question) -> list:
    """Questions before `question` (None: all) that are not asked: their answer cannot change the advice."""
    out = []
    for q in model.questions:
        if q is question:
            break
        if q.field not in model.answers:
            out.append(q)
    return out


def question_page(request, model, question, *, prefill=None, error=None, own_words="", changing=False, status=200):
    rules = model.rules
    value = prefill if prefill is not None else model.answers.get(question.field)
    chosen = set(value if isinstance(value, list) else [value] if value else [])
    text_field = rules.schema.fields.get(question.free_text) if question.free_text else None
    return render(
        request, "question.html", status=status,
        state=dump_state(model), q=question, number=len(model.history) + 1,
        options=list(zip(question.values, question.labels)), chosen=chosen,
        skipped=skipped_before(model, question), quotes=quotes_for(rules, question.field),
        error=error, own_words=own_words or (model.answers.get(question.free_text, "") if question.free_text else ""),
        max_length=text_field.max_length if text_field else 0, changing=changing,
        can_go_back=bool(model.history) or changing,
    )


def review_page(request, model):
    rows = [(q, model.describe(q), q.field in model.answers) for q in model.questions]
    return render(request, "review.html", state=dump_state(model), rows=rows)


def next_page(request, model, changing=False):
    question = model.next_question()
    if question is None:
        return review_page(request, model)
    return question_page(request, model, question)


def verdict_page(request, model):
    advisor = request.app.state.advisor
    rules = advisor.rules
    answers = model.complete_answers()
    advice = advisor.advise(answers)
    sentence = next(c.sentence for c in rules.classifications if c.id == advice.classification)
    labels = dict(zip(rules.schema.fields["goals"].values, rules.schema.fields["goals"].labels))
    from_text = {p.goal: p.phrase for p in advice.goal_phrases}
    goals = [(labels[g], from_text.get(g)) for g in advice.goals]
    findings = [(f, format_because(f.because)) for f in advice.findings]
    return render(request, "verdict.html", state=dump_state(model), advice=advice, sentence=sentence,
                  goals=goals, findings=findings, mismatches=sum(f.kind == "mismatch" for f in advice.findings))


# -- routes ---------------------------------------------------------------------
async def start(request: Request) -> Response:
    return render(request, "start.html")


async def step(request: Request) -> Response:
    """Every button of the questionnaire posts here: the form says what was done."""
    form = await request.form()
    try:
        model = load_state(request, form.get("state"))
    except BadState:
        return error_page(request, 400, "This form's saved answers could not be read. Please start again.")
    action = str(form.get("action", "start"))
    questions = {q.field: q for q in model.questions}
    if action == "start":
        return next_page(request, flow(request))
    if action == "back":
        return go_back(request, model, form)
    if action == "review":
        return review_page(request, model)
    if action == "verdict":
        if model.next_question() is not None:
            return next_page(request, model)
        return verdict_page(request, model)
    if action.startswith("change:") and action[7:] in questions:
        return question_page(request, model, questions[action[7:]], changing=True)
    if action in ("answer", "confirm", "reject") and form.get("field") in questions:
        return answer(request, model, questions[form["field"]], form, action)
    return error_page(request, 400, "This form could not be understood. Please start again.")


def go_back(request, model, form):
    if form.get("changing"):
        return review_page(request, model)
    if not model.history:
        return render(request, "start.html")
    field = model.history.pop()
    previous = model.answers.pop(field, None)
    own_words = ""
    question = next(q for q in model.questions if q.field == field)
    if question.free_text:
        own_words = model.answers.pop(question.free_text, "")
    return question_page(request, model, question, prefill=previous, own_words=own_words)


def answer(request, model, question, form, action):
    changing = bool(form.get("changing"))
    picked = [str(v) for v in form.getlist("value")]
    if any(v not in question.values for v in picked) or len(set(picked)) != len(picked):
        return question_page(request, model, question, error="Please choose from the answers shown.",
                             changing=changing, status=400)
    own_words = str(form.get("own_words", "")).strip() if question.free_text else ""
    if question.type == "choice":
        if len(picked) != 1:
            return question_page(request, model, question, prefill=picked, changing=changing, status=400,
                                 error="Please choose one answer.")
        value = picked[0]
    else:
        value = [v for v in question.values if v in picked]
    if own_words and action != "confirm":
        limit = model.rules.schema.fields[question.free_text].max_length
        if action == "reject":
            return question_page(request, model, question, prefill=value, own_words=own_words, changing=changing,
                                 error="Then pick from the list, or say it another way.")
        if len(own_words) > limit:
            return question_page(request, model, question, prefill=value, own_words=own_words, changing=changing,
                                 status=400, error=f"That is {len(own_words)} characters; please keep it under {limit}.")
        found = read_goals(own_words, model.rules.phrases, question.values)
        if not found:
            return question_page(request, model, question, prefill=value, own_words=own_words, changing=changing,
                                 status=400, error="I could not read a goal in that. Pick from the list, or say it another way.")
        labels = dict(zip(question.values, question.labels))
        readings = [(labels[m.goal], m.phrase) for m in found]
        return render(request, "confirm.html", state=dump_state(model), q=question, readings=readings,
                      picked=value, own_words=own_words, changing=changing)
    if own_words:  # confirmed: the goals read from the words join the ones ticked
        found = {m.goal for m in read_goals(own_words, model.rules.phrases, question.values)}
        value = [v for v in question.values if v in found or v in value]
        model.answers[question.free_text] = own_words
    elif question.free_text:
        model.answers.pop(question.free_text, None)
    model.answers[question.field] = value
    if question.field not in model.history:
        model.history.append(question.field)
    return next_page(request, model)


async def download(request: Request) -> Response:
    """The answers as a TOML file that `infoview advise` and `infoview check` read."""
    form = await request.form()
    try:
        model = load_state(request, form.get("state"))
    except BadState:
        return error_page(request, 400, "This form's saved answers could not be read. Please start again.")
    if model.next_question() is not None:
        return error_page(request, 400, "Answer every question before you download the answers.")
    from ..cli import _scenario_toml

    answers = model.complete_answers()
    advice = request.app.state.advisor.advise(answers)
    text = _scenario_toml(answers, advice, None)
    return Response(text, media_type="application/toml",
                    headers={"content-disposition": f'attachment; filename="{DOWNLOAD_NAME}"'})


async def resume(request: Request) -> Response:
    """Upload a downloaded answers file (or any answers file) to go on from it."""
    form = await request.form()
    upload = form.get("answers")
    if upload is None or isinstance(upload, str) or not upload.filename:
        return render(request, "start.html", status=400, upload_error="Choose an answers file to upload.")
    raw = await upload.read()
    try:
        answers = read_upload(request.app.state.advisor, upload.filename, raw)
    except InputError as error:
        return render(request, "start.html", status=400, upload_error=f"{upload.filename}: {error}")
    model = flow(request, answers, [q.field for q in flow(request).questions if q.field in answers])
    return next_page(request, model)


def read_upload(advisor, filename: str, raw: bytes) -> dict:
    """The answers in an uploaded file, as `infoview ask --answers` reads them."""
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
            raise InputError("a scenario file to resume from needs exactly one [[scenario]] with an answers table")
        data = scenarios[0]["answers"]
    return advisor.rules.schema.validate(data, partial=True)


routes = [
    Route("/", start, methods=["GET"]),
    Route("/step", step, methods=["POST"]),
    Route("/step", lambda request: RedirectResponse("/", status_code=303), methods=["GET"]),
    Route("/download", download, methods=["POST"]),
    Route("/resume", resume, methods=["POST"]),
]
