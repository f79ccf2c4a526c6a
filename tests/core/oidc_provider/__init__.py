"""A real OpenID Connect provider for the organisation sign-in tests (django-oauth-toolkit
with OIDC on, an RS256 key made when it starts), run as its own Django project in its own
process on 127.0.0.1, as an organisation's identity provider would be."""

# Every test person's password at the provider.
PASSWORD = "provider-password"
