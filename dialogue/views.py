"""The dialogue's pages: the discussions of a council, one discussion with its posts
and forms, and the moderators' queue. Views parse a form, call one service, and render
or redirect."""

from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from dialogue import selectors, services, throttle
from dialogue.forms import ContributionForm, DiscussionForm, HideForm, QuestionForm, ReportForm
from dialogue.models import Discussion, Post
from dialogue.selectors import MODERATOR_ROLES, is_moderator
from ketenoverleg.forms import apply_validation_error
from ketenoverleg.roles import (
    INSIDER_ROLES,
    CouncilMixin,
    CouncilRoleRequiredMixin,
    has_role,
    require_role,
)
from members.models import MembershipStatus, Organisation


class DiscussionListView(CouncilMixin, ListView):
    template_name = "dialogue/discussion_list.html"
    context_object_name = "discussions"
    paginate_by = 25

    def get_queryset(self):
        self.moderator = is_moderator(self.request.user, self.council)
        return selectors.discussions(self.council, moderator=self.moderator)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["moderator"] = self.moderator
        if self.moderator:
            context["open_reports"] = selectors.open_report_count(self.council)
        return context


class DiscussionCreateView(CouncilRoleRequiredMixin, View):
    required_roles = MODERATOR_ROLES

    def render(self, form):
        return render(
            self.request, "dialogue/discussion_form.html", {"council": self.council, "form": form}
        )

    def get(self, request, *args, **kwargs):
        form = DiscussionForm(council=self.council)
        initial = {}
        for param, field, subject in (
            ("pakket", "package", Discussion.Subject.PACKAGE),
            ("vraagstuk", "issue", Discussion.Subject.ISSUE),
        ):
            value = request.GET.get(param, "")
            if value.isdigit() and len(value) < 19:
                obj = form.fields[field].queryset.filter(pk=value).first()
                if obj is not None:
                    initial.update({"subject": subject, field: obj, "title": obj.title})
        return self.render(DiscussionForm(council=self.council, initial=initial))

    def post(self, request, *args, **kwargs):
        form = DiscussionForm(request.POST, council=self.council)
        if not form.is_valid():
            return self.render(form)
        try:
            discussion = services.discussion_open(
                council=self.council, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.render(form)
        messages.success(request, _("De discussie is geopend."))
        return redirect(discussion)


def _member_organisations(user, council):
    if not user.is_authenticated:
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(
            representatives__user=user,
            memberships__council=council,
            memberships__status=MembershipStatus.TOEGELATEN,
        )
        .distinct()
        .order_by("name")
    )


class DiscussionMixin(CouncilMixin):
    model = Discussion

    def get_discussion(self) -> Discussion:
        return get_object_or_404(
            Discussion.objects.with_subject(), pk=self.kwargs["pk"], council=self.council
        )

    def page(self, discussion: Discussion, *, status: int = HTTPStatus.OK, **forms):
        """The discussion with its posts and the forms this reader may use."""
        request, user = self.request, self.request.user
        moderator = is_moderator(user, self.council)
        insider = has_role(user, self.council, INSIDER_ROLES)
        posts = selectors.discussion_posts(discussion, moderator=moderator)
        context = {
            "council": self.council,
            "discussion": discussion,
            "subject_url": _subject_url(discussion, user),
            "rows": _with_hide_forms(posts, forms.get("hide_forms"), moderator=moderator),
            "post_count": sum(1 for p in posts if p.status == Post.Status.PUBLISHED),
            "moderator": moderator,
            "insider": insider,
            "following": selectors.is_following(discussion, user),
        }
        if not discussion.is_closed:
            if insider:
                replying_to = _replying_to(request, posts)
                context["replying_to"] = replying_to
                context["contribution_form"] = forms.get("contribution_form") or ContributionForm(
                    user=user,
                    discussion=discussion,
                    organisations=_member_organisations(user, self.council),
                    may_answer=moderator,
                    initial={
                        "reply_to": replying_to,
                        "as_kernteam": moderator and replying_to is not None,
                    },
                )
            elif user.is_authenticated or forms.get("question_form") is not None:
                context["question_form"] = forms.get("question_form") or QuestionForm(user=user)
            # A visitor gets a link to the question form (AskView's GET): the public page
            # itself has no form, so it sets no cookie and can be cached.
        return render(request, "dialogue/discussion_detail.html", context, status=status)


def _with_hide_forms(posts, bound=None, *, moderator: bool) -> list[tuple]:
    """Each post with the form a moderator hides it with (None for other readers)."""
    bound = bound or {}
    return [
        (post, (bound.get(post.pk) or HideForm(prefix=f"p{post.pk}")) if moderator else None)
        for post in posts
    ]


def _replying_to(request, posts) -> Post | None:
    """The published post named by ``?antwoord=`` (the "beantwoorden" link)."""
    value = request.GET.get("antwoord", "")
    if not value.isdigit():
        return None
    return next(
        (p for p in posts if p.pk == int(value) and p.status == Post.Status.PUBLISHED), None
    )


def _subject_url(discussion: Discussion, user) -> str:
    """A link to the package or issue for readers who may open its page."""
    council = discussion.council
    if discussion.package is not None:
        if discussion.package.is_public or has_role(user, council, INSIDER_ROLES):
            return discussion.package.get_absolute_url()
    elif discussion.issue is not None and has_role(user, council, INSIDER_ROLES):
        return discussion.issue.get_absolute_url()
    return ""


def _closed(request, discussion: Discussion):
    messages.error(request, _("Deze discussie is gesloten; er kan niet meer op worden gereageerd."))
    return redirect(discussion)


class DiscussionDetailView(DiscussionMixin, View):
    def get(self, request, *args, **kwargs):
        return self.page(self.get_discussion())


class ContributeView(DiscussionMixin, View):
    """A member's post (or the kernteam's answer)."""

    def post(self, request, *args, **kwargs):
        discussion = self.get_discussion()
        denied = require_role(request, self.council, INSIDER_ROLES)
        if denied is not None:
            return denied
        if discussion.is_closed:
            return _closed(request, discussion)
        form = ContributionForm(
            request.POST,
            user=request.user,
            discussion=discussion,
            organisations=_member_organisations(request.user, self.council),
            may_answer=is_moderator(request.user, self.council),
        )
        if not form.is_valid():
            return self.page(discussion, contribution_form=form)
        shown_as, organisation = form.cleaned_data["speaker"]
        try:
            post = services.post_contribute(
                discussion=discussion,
                by=request.user,
                body=form.cleaned_data["body"],
                shown_as=shown_as,
                organisation=organisation,
                as_kernteam=form.cleaned_data.get("as_kernteam", False),
                reply_to=form.cleaned_data["reply_to"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.page(discussion, contribution_form=form)
        messages.success(request, _("Uw bijdrage is geplaatst."))
        return redirect(post.get_absolute_url())


class AskView(DiscussionMixin, View):
    """A question from the public: moderated before anyone sees it."""

    def get(self, request, *args, **kwargs):
        discussion = self.get_discussion()
        if discussion.is_closed:
            return redirect(discussion)
        return self.page(discussion, question_form=QuestionForm(user=request.user))

    def post(self, request, *args, **kwargs):
        discussion = self.get_discussion()
        if discussion.is_closed:
            return _closed(request, discussion)
        form = QuestionForm(request.POST, user=request.user)
        if not throttle.allow(request, "question"):
            form.is_valid()
            form.add_error(
                None,
                _("U hebt de afgelopen tijd al veel vragen gesteld. Probeer het later opnieuw."),
            )
            return self.page(discussion, question_form=form, status=HTTPStatus.TOO_MANY_REQUESTS)
        if not form.is_valid():
            return self.page(discussion, question_form=form)
        thanks = _("Dank u. Uw vraag wordt bekeken en daarna hier gepubliceerd.")
        if form.is_spam:  # a robot: it hears the same as a person, nothing is saved
            messages.success(request, thanks)
            return redirect(discussion)
        data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
        try:
            services.question_ask(discussion=discussion, by=request.user, **data)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.page(discussion, question_form=form)
        messages.success(request, thanks)
        return redirect(discussion)


class FollowView(DiscussionMixin, View):
    def post(self, request, *args, **kwargs):
        discussion = self.get_discussion()
        if not request.user.is_authenticated:
            return redirect_to_login(discussion.get_absolute_url())
        if request.POST.get("action") == "niet-volgen":
            services.unfollow(discussion=discussion, user=request.user)
            messages.success(request, _("U volgt deze discussie niet meer."))
        else:
            services.follow(discussion=discussion, user=request.user)
            messages.success(
                request, _("U volgt deze discussie: u krijgt een e-mail bij elke nieuwe bijdrage.")
            )
        return redirect(discussion)


class CloseView(DiscussionMixin, View):
    def post(self, request, *args, **kwargs):
        discussion = self.get_discussion()
        denied = require_role(request, self.council, MODERATOR_ROLES)
        if denied is not None:
            return denied
        if request.POST.get("action") == "heropenen":
            services.discussion_reopen(discussion=discussion, by=request.user)
            messages.success(request, _("De discussie is weer open."))
        else:
            services.discussion_close(discussion=discussion, by=request.user)
            messages.success(request, _("De discussie is gesloten."))
        return redirect(discussion)


class PostMixin(CouncilMixin):
    model = Post

    def get_post(self, queryset=None) -> Post:
        queryset = queryset if queryset is not None else Post.objects.all()
        return get_object_or_404(
            queryset.with_authors(), pk=self.kwargs["pk"], discussion__council=self.council
        )


class ReportView(PostMixin, View):
    """Any reader may report a visible post to the moderators."""

    def render(self, post, form, status=HTTPStatus.OK):
        context = {"council": self.council, "post": post, "form": form}
        return render(self.request, "dialogue/report_form.html", context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render(self.get_post(Post.objects.published()), ReportForm())

    def post(self, request, *args, **kwargs):
        post = self.get_post(Post.objects.published())
        form = ReportForm(request.POST)
        if not throttle.allow(request, "report"):
            form.is_valid()
            form.add_error(
                None,
                _("U hebt de afgelopen tijd al veel meldingen gedaan. Probeer het later opnieuw."),
            )
            return self.render(post, form, status=HTTPStatus.TOO_MANY_REQUESTS)
        if not form.is_valid():
            return self.render(post, form)
        thanks = _("Dank u. De moderatoren kijken naar uw melding.")
        if not form.is_spam:
            try:
                services.post_report(post=post, by=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                apply_validation_error(form, error)
                return self.render(post, form)
        messages.success(request, thanks)
        return redirect(post.get_absolute_url())


class ModerationView(CouncilRoleRequiredMixin, View):
    """Questions waiting for approval, reported posts and hidden posts."""

    required_roles = MODERATOR_ROLES

    def page(self, *, hide_forms=None, status=HTTPStatus.OK):
        queue = selectors.moderation_queue(self.council)
        context = {
            "council": self.council,
            **{
                key: _with_hide_forms(posts, hide_forms, moderator=True)
                for key, posts in queue.items()
            },
        }
        return render(self.request, "dialogue/moderation.html", context, status=status)

    def get(self, request, *args, **kwargs):
        return self.page()


MODERATION_ACTIONS = {"publiceren", "verbergen", "herstellen", "meldingen-afhandelen"}


class ModerateView(PostMixin, View):
    """One moderation step on a post, from the queue or from the discussion page."""

    def post(self, request, *args, **kwargs):
        denied = require_role(request, self.council, MODERATOR_ROLES)
        if denied is not None:
            return denied
        post = self.get_post()
        action = request.POST.get("action")
        if action not in MODERATION_ACTIONS:
            raise Http404
        from_queue = request.POST.get("from") == "moderatie"
        back = (
            redirect("dialogue:moderation", slug=self.council.slug)
            if from_queue
            else redirect(post.get_absolute_url())
        )
        try:
            if action == "publiceren":
                services.post_approve(post=post, by=request.user)
                messages.success(request, _("De bijdrage is gepubliceerd."))
            elif action == "herstellen":
                services.post_restore(post=post, by=request.user)
                messages.success(request, _("De bijdrage is weer zichtbaar."))
            elif action == "meldingen-afhandelen":
                services.reports_dismiss(post=post, by=request.user)
                messages.success(
                    request, _("De meldingen zijn afgehandeld; de bijdrage blijft staan.")
                )
            else:
                form = HideForm(request.POST, prefix=f"p{post.pk}")
                if not form.is_valid():
                    return self.invalid(post, form, from_queue)
                services.post_hide(post=post, by=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, _("De bijdrage is verborgen."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return back

    def invalid(self, post, form, from_queue):
        """Show the page the moderator came from, with the reason field's message."""
        if from_queue and not (
            post.status == Post.Status.PENDING or post.reports.filter(handled_at__isnull=True)
        ):  # not in the queue: there is no field to show the message at
            messages.error(self.request, " ".join(form.errors["reason"]))
            return redirect("dialogue:moderation", slug=self.council.slug)
        view = ModerationView() if from_queue else DiscussionDetailView()
        view.setup(self.request, **self.kwargs)
        view.council = self.council
        if from_queue:
            return view.page(hide_forms={post.pk: form})
        return view.page(post.discussion, hide_forms={post.pk: form})
