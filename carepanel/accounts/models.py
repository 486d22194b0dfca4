"""Authorities, teams, people and the roles each person holds within an authority."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models

from carepanel.policy.kinds import ROLE_LABELS, ROLES

ROLE_CHOICES = [(role, ROLE_LABELS[role].capitalize()) for role in ROLES]


class Authority(models.Model):
    """A council. Its id is the policy pack's authority id (`north-somerset`)."""

    id = models.SlugField(primary_key=True, max_length=64)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "authorities"

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in. What they may do comes from their role grants, per authority."""

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Team(models.Model):
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "name"], name="team_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class RoleGrant(models.Model):
    """One role that one person holds in one authority, optionally within a team."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(max_length=40, choices=ROLE_CHOICES)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["authority", "user", "role"], name="role_grant_unique"),
        ]
        indexes = [models.Index(fields=["authority", "role"], name="role_grant_role_idx")]

    def __str__(self) -> str:
        return f"{self.user} – {ROLE_LABELS[self.role]} ({self.authority_id})"


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def matching(self, token: str) -> ApiTokenQuerySet:
        return self.filter(key_hash=_hash_token(token), revoked_at__isnull=True)


class ApiToken(models.Model):
    """A bearer token for the API, acting as one person in one authority.

    Only a hash is kept: the token itself is shown once, when it is made.
    """

    PREFIX = "cpt_"

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    def __str__(self) -> str:
        return f"API token {self.pk} for {self.user}"

    @classmethod
    def new_secret(cls) -> tuple[str, str]:
        """A fresh token and the hash to store."""
        token = cls.PREFIX + secrets.token_urlsafe(32)
        return token, _hash_token(token)
