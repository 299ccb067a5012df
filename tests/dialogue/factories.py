"""Factories for the dialogue: a discussion about the council unless told otherwise."""

import factory
from django.utils import timezone

from dialogue.models import Discussion, Follow, Post
from tests.factories import CouncilFactory, UserFactory


class DiscussionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Discussion

    council = factory.SubFactory(CouncilFactory)
    subject = Discussion.Subject.COUNCIL
    title = factory.Sequence(lambda n: f"Discussie {n:03d}")
    introduction = "Wat vindt u van meer granulaat in beton?"


class PostFactory(factory.django.DjangoModelFactory):
    """A published post of a member, shown by name."""

    class Meta:
        model = Post

    discussion = factory.SubFactory(DiscussionFactory)
    kind = Post.Kind.CONTRIBUTION
    status = Post.Status.PUBLISHED
    published_at = factory.LazyAttribute(
        lambda o: None if o.status == Post.Status.PENDING else timezone.now()
    )
    body = factory.Sequence(lambda n: f"Bijdrage nummer {n:03d} over granulaat.")
    author = factory.SubFactory(UserFactory)


class QuestionFactory(PostFactory):
    """A question from the public, waiting for moderation."""

    kind = Post.Kind.QUESTION
    status = Post.Status.PENDING
    author = None
    guest_name = "Henk de Boer"
    guest_email = "henk@voorbeeld.nl"


class FollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Follow

    discussion = factory.SubFactory(DiscussionFactory)
    user = factory.SubFactory(UserFactory)
