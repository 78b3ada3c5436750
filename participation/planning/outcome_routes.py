"""Public pages on what became of the input: "Was aus Ihren Beiträgen wurde" and the ranked
views per masterplan and field of action."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from participation.masterplans.routes import load_masterplan
from participation.planning import outcomes
from participation.planning.outcomes import Score
from participation.planning.permissions import can_plan
from participation.planning.uptake import ORDER
from participation.security import current_user
from participation.templating import is_htmx, render


async def masterplan_outcomes(request: Request) -> Response:
    masterplan = await load_masterplan(request.path_params["slug"])
    user = current_user(request)
    found = await outcomes.outcomes_of(masterplan)
    mine = await outcomes.contributions_of(user, masterplan, found.verdicts) if user else None
    return render(
        request,
        "outcomes/masterplan.html",
        {
            "masterplan": masterplan,
            "outcomes": found,
            "contributions": mine,
            "uptakes": ORDER,
        },
    )


async def ranking(request: Request) -> Response:
    masterplan = await load_masterplan(request.path_params["slug"])
    fields = await masterplan.fields_of_action.all()
    params = request.query_params
    chosen = next((f for f in fields if f.slug == params.get("field")), None)
    score = Score(params["score"]) if params.get("score") in set(Score) else Score.WILSON
    context = {
        "masterplan": masterplan,
        "fields": fields,
        "field": chosen,
        "score": score,
        "scores": list(Score),
        "ranked": await outcomes.ranked(masterplan, score=score, field_of_action=chosen),
        "may_export": await can_plan(current_user(request), masterplan),
    }
    template = "outcomes/_ranking.html" if is_htmx(request) else "outcomes/ranking.html"
    return render(request, template, context)


routes = [
    Route("/masterplans/{slug}/outcomes", masterplan_outcomes, name="outcomes:masterplan"),
    Route("/masterplans/{slug}/ranking", ranking, name="outcomes:ranking"),
]
