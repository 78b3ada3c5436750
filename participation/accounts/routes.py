"""Account pages: register, verify, sign in and out, passwords, profile, data, deletion."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from participation import i18n
from participation.accounts import invitations, privacy, services, set_up, throttle
from participation.accounts.models import NotificationMode, Organization
from participation.accounts.sessions import (
    end_all_sessions,
    end_other_sessions,
    end_session,
    start_session,
)
from participation.accounts.tokens import InvalidToken
from participation.forms import Form, ValidationFailed, read_form
from participation.security import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    current_user,
    new_browser_key,
    require_user,
    set_site_cookie,
)
from participation.settings import Settings
from participation.site.routes import ONE_YEAR, local_path
from participation.templating import flash, render


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _redirect(request: Request, path: str, code: str | None = None) -> Response:
    response = RedirectResponse(path, status_code=303)
    return flash(request, response, code) if code else response


def _registration(form: Form) -> services.Registration:
    return services.Registration(
        email=form.get("email"),
        display_name=form.get("display_name"),
        password=form.get("password"),
        password_repeat=form.get("password_repeat"),
        privacy_consent=form.checked("privacy_consent"),
        language=form.get("language", i18n.current_language()),
        organization_slug=form.get("organization"),
        new_organization=form.get("new_organization"),
    )


async def register(request: Request) -> Response:
    form = Form(values={"language": i18n.current_language()})
    if request.method == "POST":
        form = await read_form(request)
        settings = _settings(request)
        try:
            await services.register_user(
                registration=_registration(form),
                secret=str(settings.secret_key),
                base_url=settings.base_url,
            )
        except ValidationFailed as failed:
            form.errors = failed.errors
        else:
            return _redirect(request, "/account/login", "registered")
    organizations = await Organization.filter(verified=True).order_by("name")
    return render(
        request,
        "accounts/register.html",
        {"form": form, "organizations": organizations},
        status_code=400 if form.errors else 200,
    )


async def verify(request: Request) -> Response:
    try:
        await services.verify_email(
            token=request.path_params["token"], secret=str(_settings(request).secret_key)
        )
    except InvalidToken:
        return render(request, "accounts/link_invalid.html", status_code=400)
    return _redirect(request, "/account/login", "verified")


def _client(request: Request) -> str:
    """The client's address (behind the proxy: the one it forwarded)."""
    return request.client.host if request.client else "unknown"


def slowed_message(slowed: throttle.Slowed) -> str:
    if slowed.seconds < 120:
        return i18n.ngettext(
            "Too many attempts in a short time. Please wait %(num)d second and try again, "
            "or set a new password with “Forgot your password?”.",
            "Too many attempts in a short time. Please wait %(num)d seconds and try again, "
            "or set a new password with “Forgot your password?”.",
            slowed.seconds,
        ) % {"num": slowed.seconds}
    minutes = -(-slowed.seconds // 60)
    return i18n.ngettext(
        "Too many attempts in a short time. Please wait %(num)d minute and try again, "
        "or set a new password with “Forgot your password?”.",
        "Too many attempts in a short time. Please wait %(num)d minutes and try again, "
        "or set a new password with “Forgot your password?”.",
        minutes,
    ) % {"num": minutes}


async def resend_verification(request: Request) -> Response:
    form = await read_form(request)
    user = await services.account_with_email(form.get("email"), email_verified_at=None)
    if user is not None and await services.mail_allowed(
        email=form.get("email"), client=_client(request)
    ):
        settings = _settings(request)
        await services.send_verification(
            user=user, secret=str(settings.secret_key), base_url=settings.base_url
        )
    return _redirect(request, "/account/login", "verification_sent")


async def login(request: Request) -> Response:
    next_path = local_path(request.query_params.get("next"))
    form, unverified = Form(), False
    if request.method == "POST":
        form = await read_form(request)
        try:
            user = await services.sign_in(
                email=form.get("email"), password=form.get("password"), client=_client(request)
            )
        except throttle.Slowed as slowed:
            form.errors["form"] = slowed_message(slowed)
        except services.SignInRefused:
            form.errors["form"] = i18n.gettext("The e-mail address or the password is wrong.")
        except services.EmailNotVerified:
            unverified = True
            form.errors["form"] = i18n.gettext(
                "Please confirm your e-mail address first: open the link we sent you."
            )
        else:
            await end_session(request.cookies.get(SESSION_COOKIE))
            days = _settings(request).session_days
            token = await start_session(user=user, days=days)
            response = _redirect(request, next_path, "signed_in")
            # A new token at every sign-in: a session cookie planted earlier is worthless.
            set_site_cookie(response, request, SESSION_COOKIE, token, max_age=days * 86400)
            # And a new CSRF key: a token read before signing in is worthless after it.
            set_site_cookie(response, request, CSRF_COOKIE, new_browser_key(), max_age=None)
            set_site_cookie(
                response, request, i18n.LANGUAGE_COOKIE, user.language, max_age=ONE_YEAR
            )
            return response
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next_path": next_path, "unverified": unverified},
        status_code=400 if form.errors else 200,
    )


async def logout(request: Request) -> Response:
    await end_session(request.cookies.get(SESSION_COOKIE))
    response = _redirect(request, "/", "signed_out")
    response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="lax")
    return response


async def password_reset_request(request: Request) -> Response:
    if request.method == "POST":
        form = await read_form(request)
        settings = _settings(request)
        await services.request_password_reset(
            email=form.get("email"),
            secret=str(settings.secret_key),
            base_url=settings.base_url,
            client=_client(request),
        )
        return _redirect(request, "/account/login", "reset_sent")
    return render(request, "accounts/password_reset_request.html", {"form": Form()})


async def password_reset(request: Request) -> Response:
    try:
        user = await services.user_for_reset(
            token=request.path_params["token"], secret=str(_settings(request).secret_key)
        )
    except InvalidToken:
        return render(request, "accounts/link_invalid.html", status_code=400)
    form = Form()
    if request.method == "POST":
        form = await read_form(request)
        try:
            await services.set_password(
                user=user,
                password=form.get("password"),
                password_repeat=form.get("password_repeat"),
            )
        except ValidationFailed as failed:
            form.errors = failed.errors
        else:
            await end_all_sessions(user)
            return _redirect(request, "/account/login", "password_changed")
    return render(
        request,
        "accounts/password_reset.html",
        {"form": form},
        status_code=400 if form.errors else 200,
    )


async def set_up_account(request: Request) -> Response:
    """The page a link from an administrator's new account opens: choose the password."""
    secret = str(_settings(request).secret_key)
    try:
        user = await set_up.user_for_set_up(token=request.path_params["token"], secret=secret)
    except InvalidToken:
        return render(request, "accounts/link_invalid.html", status_code=400)
    form = Form()
    if request.method == "POST":
        form = await read_form(request)
        try:
            await set_up.set_up_account(
                user=user,
                password=form.get("password"),
                password_repeat=form.get("password_repeat"),
                privacy_consent=form.checked("privacy_consent"),
            )
        except ValidationFailed as failed:
            form.errors = failed.errors
        except InvalidToken:  # set through another tab meanwhile
            return render(request, "accounts/link_invalid.html", status_code=400)
        else:
            return _redirect(request, "/account/login", "account_ready")
    return render(
        request,
        "accounts/set_up.html",
        {"form": form, "person": user},
        status_code=400 if form.errors else 200,
    )


async def profile(request: Request) -> Response:
    user = require_user(request)
    form = Form(
        values={
            "display_name": user.display_name,
            "language": user.language,
            "notification_mode": user.notification_mode.value,
        }
    )
    password_form = Form()
    if request.method == "POST":
        posted = await read_form(request)
        try:
            if posted.get("action") == "password":
                password_form = posted
                try:
                    await services.change_password(
                        user=user,
                        current=posted.get("current_password"),
                        password=posted.get("password"),
                        password_repeat=posted.get("password_repeat"),
                        client=_client(request),
                    )
                except throttle.Slowed as slowed:
                    raise ValidationFailed({"current_password": slowed_message(slowed)}) from None
                # Whoever else holds a session of this account is signed out.
                await end_other_sessions(user, keep=request.cookies.get(SESSION_COOKIE))
            else:
                form = posted
                await services.update_profile(
                    user=user,
                    display_name=posted.get("display_name"),
                    language=posted.get("language"),
                    notification_mode=posted.get("notification_mode"),
                )
        except ValidationFailed as failed:
            (password_form if posted.get("action") == "password" else form).errors = failed.errors
        else:
            response = _redirect(request, "/account/profile", "saved")
            set_site_cookie(
                response, request, i18n.LANGUAGE_COOKIE, user.language, max_age=ONE_YEAR
            )
            return response
    memberships = await user.memberships.all().select_related("organization")
    has_errors = bool(form.errors or password_form.errors)
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "password_form": password_form,
            "memberships": memberships,
            "notification_modes": list(NotificationMode),
        },
        status_code=400 if has_errors else 200,
    )


async def data(request: Request) -> Response:
    require_user(request)
    return render(request, "accounts/data.html")


async def data_download(request: Request) -> Response:
    user = require_user(request)
    content = json.dumps(await privacy.personal_data(user), ensure_ascii=False, indent=2)
    return Response(
        content,
        media_type="application/json",
        headers={
            "Content-Disposition": 'attachment; filename="meine-daten.json"',
            "Cache-Control": "no-store",
        },
    )


async def delete(request: Request) -> Response:
    user = require_user(request)
    form = Form()
    if request.method == "POST":
        form = await read_form(request)
        try:
            await privacy.delete_account(
                user=user, password=form.get("password"), client=_client(request)
            )
        except ValidationFailed as failed:
            form.errors = failed.errors
        except throttle.Slowed as slowed:
            form.errors = {"password": slowed_message(slowed)}
        else:
            response = _redirect(request, "/", "account_deleted")
            response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="lax")
            return response
    return render(
        request, "accounts/delete.html", {"form": form}, status_code=400 if form.errors else 200
    )


async def invitation(request: Request) -> Response:
    try:
        invite = await invitations.open_invitation(request.path_params["token"])
    except invitations.InvitationInvalid:
        return render(request, "accounts/link_invalid.html", status_code=400)
    user = current_user(request)
    form = Form(values={"email": invite.email, "language": i18n.current_language()})
    if request.method == "POST":
        form = await read_form(request)
        settings = _settings(request)
        try:
            await invitations.accept(
                invitation=invite,
                user=user,
                registration=None if user else _registration(form),
                secret=str(settings.secret_key),
                base_url=settings.base_url,
            )
        except ValidationFailed as failed:
            form.errors = failed.errors
        except invitations.InvitationInvalid:
            form.errors["form"] = i18n.gettext(
                "This invitation is for another e-mail address. Sign out first."
            )
        else:
            target = (
                "/account/profile"
                if user
                else "/account/login?" + urlencode({"next": "/account/profile"})
            )
            return _redirect(request, target, "invitation_accepted")
    return render(
        request,
        "accounts/invitation.html",
        {"form": form, "invitation": invite},
        status_code=400 if form.errors else 200,
    )


routes = [
    Route("/account/register", register, methods=["GET", "POST"], name="accounts:register"),
    Route("/account/verify/{token}", verify, name="accounts:verify"),
    Route(
        "/account/verify",
        resend_verification,
        methods=["POST"],
        name="accounts:resend_verification",
    ),
    Route("/account/login", login, methods=["GET", "POST"], name="accounts:login"),
    Route("/account/logout", logout, methods=["POST"], name="accounts:logout"),
    Route(
        "/account/password-reset",
        password_reset_request,
        methods=["GET", "POST"],
        name="accounts:password_reset_request",
    ),
    Route(
        "/account/password-reset/{token}",
        password_reset,
        methods=["GET", "POST"],
        name="accounts:password_reset",
    ),
    Route(
        "/account/set-up/{token}",
        set_up_account,
        methods=["GET", "POST"],
        name="accounts:set_up",
    ),
    Route("/account/profile", profile, methods=["GET", "POST"], name="accounts:profile"),
    Route("/account/data", data, name="accounts:data"),
    Route("/account/data/download", data_download, name="accounts:data_download"),
    Route("/account/delete", delete, methods=["GET", "POST"], name="accounts:delete"),
    Route(
        "/account/invitation/{token}",
        invitation,
        methods=["GET", "POST"],
        name="accounts:invitation",
    ),
]
