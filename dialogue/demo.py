"""Demo dialogue of Betonketenoverleg Groningen: a discussion on the running package
"Meer granulaatbeton" with a question from the public, a member's experience and the
kernteam's answer; one question waiting for moderation and one reported post; and a
general discussion about the council."""

from datetime import timedelta

from django.utils import timezone

from actionpackages.models import Package
from dialogue import services
from dialogue.models import Discussion, Post
from ketenoverleg.demo import DEMO_SLUG
from ketenoverleg.models import Ketenoverleg, User
from members.models import Organisation


def _opened(discussion: Discussion, days: int) -> None:
    Discussion.objects.filter(pk=discussion.pk).update(
        opened_at=timezone.now() - timedelta(days=days)
    )


def _age(post: Post, days: int, hours: int = 0) -> None:
    """Place a post back in time, so the demo reads like a conversation."""
    Post.objects.filter(pk=post.pk).update(
        created_at=timezone.now() - timedelta(days=days, hours=hours)
    )


def seed() -> None:
    council = Ketenoverleg.objects.get(slug=DEMO_SLUG)
    if Discussion.objects.filter(council=council).exists():
        return
    secretary = User.objects.get(email="secretaris@beton-groningen.demo")
    chair = User.objects.get(email="voorzitter@beton-groningen.demo")
    member = User.objects.get(email="lid@beton-groningen.demo")
    builder = Organisation.objects.get(name="Bouwbedrijf Dijkstra")
    package = Package.objects.filter(council=council, title="Meer granulaatbeton").first()

    if package is not None:
        discussion = services.discussion_open(
            council=council,
            by=secretary,
            subject=Discussion.Subject.PACKAGE,
            package=package,
            title="Meer granulaatbeton: vragen en ervaringen",
            introduction=(
                "Sinds de ingangsdatum bestellen de ondertekenaars meer beton met granulaat. "
                "Hoe gaat dat in de praktijk? Leden delen hier hun ervaringen; heeft u als "
                "inwoner of bedrijf een vraag, stel die dan gerust."
            ),
        )
        _opened(discussion, 14)
        question = services.question_ask(
            discussion=discussion,
            name="Henk de Boer",
            body=(
                "Ik laat volgend jaar een schuur bouwen. Is beton met granulaat net zo sterk "
                "als gewoon beton, en moet ik er zelf iets voor regelen?"
            ),
        )
        question = services.post_approve(post=question, by=secretary)
        _age(question, 12)
        experience = services.post_contribute(
            discussion=discussion,
            by=member,
            body=(
                "Wij storten sinds het voorjaar alle vloeren met dertig procent granulaat. "
                "De centrale vraagt nu bij elke bestelling naar het percentage; op de bouw "
                "merken we geen verschil in verwerking."
            ),
            shown_as=Post.ShownAs.ORGANISATION,
            organisation=builder,
        )
        _age(experience, 10)
        answer = services.post_contribute(
            discussion=discussion,
            by=chair,
            as_kernteam=True,
            reply_to=question,
            body=(
                "Dank voor uw vraag. Beton met gecertificeerd betongranulaat voldoet aan "
                "dezelfde sterkte-eisen als beton met grind. U hoeft niets zelf te regelen: "
                "vraag uw aannemer naar het percentage granulaat, de leveranciers in dit "
                "pakket noemen het standaard in hun offerte."
            ),
        )
        _age(answer, 9)
        waiting = services.question_ask(
            discussion=discussion,
            name="M. Jansen",
            organisation="Wijkraad Oosterpoort",
            body="Komt er bij de nieuwbouw in onze wijk ook beton met granulaat?",
        )
        _age(waiting, 0, hours=3)
        heated = services.post_contribute(
            discussion=discussion,
            by=User.objects.get(email="kernteam@beton-groningen.demo"),
            body="Wie nu nog grind bestelt, snapt er echt niets van.",
        )
        _age(heated, 2)
        services.post_report(
            post=heated,
            reason="Dit is geen bijdrage aan het gesprek maar een sneer naar anderen.",
        )

    general = services.discussion_open(
        council=council,
        by=secretary,
        subject=Discussion.Subject.COUNCIL,
        title="Vragen aan het Betonketenoverleg",
        introduction=(
            "Wilt u weten wat het ketenoverleg doet, hoe u lid wordt of hoe uw organisatie "
            "kan bijdragen? Stel hier uw vraag; het kernteam antwoordt."
        ),
    )
    _opened(general, 30)
