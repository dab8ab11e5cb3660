"""``pull-request-review``: a review as GitHub returns it."""

from __future__ import annotations

from ..models import Review
from ..routing import Urls
from .common import JSON, iso, node_id
from .repos import author_association
from .users import simple_user


def pull_request_review(review: Review, urls: Urls) -> JSON:
    pull_url = f"{urls.repo(review.repo)}/pulls/{review.pull_number}"
    html = f"{urls.repo_web(review.repo)}/pull/{review.pull_number}#pullrequestreview-{review.id}"
    payload: JSON = {
        "id": review.id,
        "node_id": node_id("PullRequestReview", review.id),
        "user": simple_user(review.user, urls),
        "body": review.body,
        "state": review.state,
        "html_url": html,
        "pull_request_url": pull_url,
        "_links": {"html": {"href": html}, "pull_request": {"href": pull_url}},
        "commit_id": review.commit_id,
        "author_association": author_association(review.repo, review.user),
    }
    if review.submitted_at is not None:
        payload["submitted_at"] = iso(review.submitted_at)
    return payload
