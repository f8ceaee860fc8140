"""signIn / signOut / signOutEverywhere (bearer tokens for API clients: stored hashed, expiring,
revocable) and `me`.

signIn is throttled like the sign-in page (django-axes, accounts/throttling.py): once an account name
or a client address has too many failures, it answers `TooManyRequests` until the cool-off ends, even
for the right password, with the same words whether or not the account exists.
"""

from __future__ import annotations

import graphene
from django.contrib.auth import authenticate, logout

from accounts.services import public_user_id, user_sign_out_everywhere, user_token_issue, user_token_revoke
from accounts.throttling import locked_out_message, retry_after_seconds
from api.auth import caller_of, require_user
from api.errors import TooManyRequests, Unauthorized
from api.scalars import AWSDateTime
from cart.session import claim_guest_cart, guest_cart_owner


class SignInInput(graphene.InputObjectType):
    username = graphene.String(required=True)
    password = graphene.String(required=True)


class SignInPayload(graphene.ObjectType):
    token = graphene.String(required=True, description="Send as `Authorization: <token>` (or `Bearer <token>`).")
    expires_at = AWSDateTime(required=True)
    username = graphene.String(required=True)
    user_id = graphene.ID(required=True, description="Your public id: CartItem.userId and Order.userId.")


class UserType(graphene.ObjectType):
    class Meta:
        name = "User"

    id = graphene.ID(required=True, description="The public id: Cognito's sub for Cognito users, never a database key.")
    username = graphene.String(required=True)
    email = graphene.String()
    groups = graphene.NonNull(graphene.List(graphene.NonNull(graphene.String)))


class AccountQuery(graphene.ObjectType):
    me = graphene.Field(UserType, description="The signed-in caller.")

    @staticmethod
    def resolve_me(_root, info) -> UserType:
        caller = require_user(info)
        user = caller.user
        return UserType(id=caller.user_id, username=user.get_username(), email=user.email or None,
                        groups=sorted(user.groups.values_list("name", flat=True)))


class AccountMutation(graphene.ObjectType):
    sign_in = graphene.Field(SignInPayload, input=SignInInput(required=True))
    sign_out = graphene.Boolean(description="Revokes the bearer token (or ends the session) of this request.")
    sign_out_everywhere = graphene.Boolean(
        description="Revokes every bearer token of the caller and ends all their sessions, this one included.")

    @staticmethod
    def resolve_sign_in(_root, info, input: dict) -> SignInPayload:
        request = info.context
        user = authenticate(request, username=input["username"][:150], password=input["password"][:4096])
        if getattr(request, "axes_locked_out", False):
            raise TooManyRequests(locked_out_message(), retry_after_seconds())
        if user is None or not user.is_active:
            raise Unauthorized("Incorrect username or password.")
        token, raw = user_token_issue(user=user)
        # A guest cart built in this browser session becomes the user's, as on the sign-in page.
        guest = guest_cart_owner(request) if hasattr(request, "session") else None
        claim_guest_cart(request, user, guest=guest)
        return SignInPayload(token=raw, expires_at=token.expires_at, username=user.get_username(),
                             user_id=public_user_id(user))

    @staticmethod
    def resolve_sign_out(_root, info) -> bool:
        caller = caller_of(info)
        if caller.token is not None:
            user_token_revoke(caller.token)
        elif caller.is_user:
            logout(info.context)
        else:
            raise Unauthorized.to_access(info.field_name, info.parent_type.name)
        return True

    @staticmethod
    def resolve_sign_out_everywhere(_root, info) -> bool:
        caller = caller_of(info)
        if not caller.is_user:
            raise Unauthorized.to_access(info.field_name, info.parent_type.name)
        user_sign_out_everywhere(user=caller.user)
        if caller.token is None:
            logout(info.context)
        return True
