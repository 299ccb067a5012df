"""What the dialogue does when something happens in a lower app."""

from django.dispatch import receiver

from dialogue.models import Follow, Post
from members.signals import personal_data_erasing


@receiver(personal_data_erasing)
def forget_poster(sender, *, user, **kwargs) -> None:
    """Posts stay (the conversation needs them) without the person's name: a member's
    post is shown for the organisation, or as "een lid"; a question loses the name
    the asker gave."""
    Post.objects.filter(author=user, kind=Post.Kind.QUESTION).update(
        guest_name="", guest_organisation="", guest_email=""
    )
    Post.objects.filter(author=user, organisation__isnull=False).update(
        shown_as=Post.ShownAs.ORGANISATION
    )
    Post.objects.filter(author=user).update(author=None)
    Follow.objects.filter(user=user).delete()
