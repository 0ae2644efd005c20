"""A small LTI 1.3 platform on loopback, standing in for Moodle or Totara where Bridge is tested:
it signs launches with its own RSA key (OIDC third-party login, resource-link and deep-linking
requests), checks the tool's signed replies against the tool's published key set, hands out
service tokens for a signed client assertion, keeps line items and scores (Assignment and Grade
Services 2.0) and answers a Names and Roles roster (2.0).

Run: ``python services/lti-platform/lti_platform.py --tool http://127.0.0.1:8000 --port 8401``, then
register it in Bridge's admin with the addresses it prints. Tests start it in-process
(``Platform(...).start()``) and read what it received from ``platform.state``.
"""

from __future__ import annotations

import argparse
import html
import json
import secrets
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
AGS = "https://purl.imsglobal.org/spec/lti-ags/"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/"
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration"
SCOPES = {
    AGS + "scope/lineitem",
    AGS + "scope/lineitem.readonly",
    AGS + "scope/result.readonly",
    AGS + "scope/score",
    NRPS + "scope/contextmembership.readonly",
}
ROLES = {
    "Learner": "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner",
    "Instructor": "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
}


class Refusal(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class Platform:
    """One platform, one tool (Bridge), one deployment and one course (context)."""

    def __init__(self, tool_base: str, *, port: int = 0, client_id: str = "bridge-tool"):
        self.tool_base = tool_base.rstrip("/")
        self.client_id = client_id
        self.deployment_id = "deployment-1"
        self.context = {
            "id": "course-101",
            "label": "W7",
            "title": "Ward 7 induction",
            "type": ["http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"],
        }
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = secrets.token_hex(8)
        self.users = {
            "teacher-1": {
                "name": "Tess Teacher",
                "given_name": "Tess",
                "family_name": "Teacher",
                "email": "tess@moodle.example",
                "role": "Instructor",
            },
            "learner-1": {
                "name": "Lee Learner",
                "given_name": "Lee",
                "family_name": "Learner",
                "email": "lee@moodle.example",
                "role": "Learner",
            },
            "learner-2": {
                "name": "Kim Other",
                "given_name": "Kim",
                "family_name": "Other",
                "email": "kim@moodle.example",
                "role": "Learner",
            },
        }
        self.state = {
            "links": {},
            "lineitems": {},
            "scores": [],
            "tokens": {},
            "deep_links": [],
            "refusals": [],
            "registration_tokens": set(),
            "registrations": [],
        }
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"

    # --- addresses -------------------------------------------------------------------------
    @property
    def registration(self) -> dict:
        """What Bridge's admin needs of this platform."""
        return {
            "issuer": self.issuer,
            "client_id": self.client_id,
            "auth_url": self.issuer + "/auth",
            "token_url": self.issuer + "/token",
            "keyset_url": self.issuer + "/jwks",
            "deployment_id": self.deployment_id,
        }

    def start(self) -> Platform:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def registration_url(self, tool_link: str) -> str:
        """What the platform opens for dynamic registration: the tool's link, with where the
        platform's configuration is and a one-time registration token."""
        token = secrets.token_urlsafe(16)
        self.state["registration_tokens"].add(token)
        sep = "&" if "?" in tool_link else "?"
        query = {
            "openid_configuration": self.issuer + "/.well-known/openid-configuration",
            "registration_token": token,
        }
        return tool_link + sep + urlencode(query)

    def launch_url(
        self, user: str, *, kind: str = "resource", link: str = "", variant: str = ""
    ) -> str:
        """Where a person's click on an activity starts: the platform begins the OIDC login."""
        return (
            self.issuer
            + "/start?"
            + urlencode({"user": user, "kind": kind, "link": link, "variant": variant})
        )

    # --- keys and tokens -------------------------------------------------------------------
    def jwks(self) -> dict:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def _sign(self, claims: dict) -> str:
        pem = self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        return jwt.encode(claims, pem, algorithm="RS256", headers={"kid": self.kid})

    def _tool_verify(self, token: str, *, audience: str) -> dict:
        """A JWT the tool signed, checked against the key set the tool publishes."""
        keys = requests.get(self.tool_base + "/lti/jwks/", timeout=10).json()["keys"]
        try:
            kid = jwt.get_unverified_header(token).get("kid")
        except jwt.InvalidTokenError as error:
            raise Refusal(401, f"not a signed JWT: {error}") from None
        match = next((k for k in keys if k.get("kid") == kid), None)
        if match is None:
            raise Refusal(401, "no tool key with this kid")
        key = jwt.algorithms.RSAAlgorithm.from_jwk(json.dumps(match))
        try:
            return jwt.decode(token, key, algorithms=["RS256"], audience=audience)
        except jwt.InvalidTokenError as error:
            raise Refusal(401, f"tool signature: {error}") from None

    def _bearer(self, headers, scope: str) -> None:
        auth = headers.get("Authorization", "")
        scopes = self.state["tokens"].get(auth.removeprefix("Bearer "))
        if scopes is None:
            raise Refusal(401, "unknown access token")
        if scope not in scopes:
            raise Refusal(403, f"token lacks {scope}")

    # --- messages --------------------------------------------------------------------------
    def _id_token(self, hint: dict, login_hint: str, nonce: str) -> str:
        user = self.users[login_hint]
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.client_id,
            "sub": login_hint,
            "azp": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            "name": user["name"],
            "given_name": user["given_name"],
            "family_name": user["family_name"],
            "email": user["email"],
            LTI + "version": "1.3.0",
            LTI + "deployment_id": self.deployment_id,
            LTI + "roles": [ROLES[user["role"]]],
            LTI + "context": self.context,
            LTI + "tool_platform": {
                "guid": "test-platform",
                "name": "Test platform",
                "product_family_code": "bridge-test",
            },
            LTI + "launch_presentation": {
                "document_target": "window",
                "return_url": self.issuer + "/",
            },
            NRPS + "claim/namesroleservice": {
                "context_memberships_url": f"{self.issuer}/memberships/{self.context['id']}",
                "service_versions": ["2.0"],
            },
        }
        if hint["kind"] == "deep":
            claims[LTI + "message_type"] = "LtiDeepLinkingRequest"
            claims[LTI + "target_link_uri"] = self.tool_base + "/lti/launch/"
            claims[DL + "deep_linking_settings"] = {
                "deep_link_return_url": self.issuer + "/deep-link-return",
                "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["window"],
                "accept_multiple": False,
                "data": "dl-" + uuid.uuid4().hex,
            }
        else:
            link = self.state["links"][hint["link"]]
            claims[LTI + "message_type"] = "LtiResourceLinkRequest"
            claims[LTI + "target_link_uri"] = link["url"]
            claims[LTI + "resource_link"] = {"id": hint["link"], "title": link["title"]}
            claims[LTI + "custom"] = link["custom"]
            claims[AGS + "claim/endpoint"] = {
                "scope": sorted(SCOPES - {NRPS + "scope/contextmembership.readonly"}),
                "lineitems": f"{self.issuer}/lineitems/{self.context['id']}",
                "lineitem": link["lineitem"],
            }
        variant = hint.get("variant", "")
        if variant == "expired":
            claims["iat"], claims["exp"] = now - 900, now - 600
        elif variant == "wrong_aud":
            claims["aud"] = claims["azp"] = "some-other-tool"
        elif variant == "wrong_iss":
            claims["iss"] = "http://127.0.0.1:1"
        token = self._sign(claims)
        if variant == "tampered":  # the body changed after signing: the signature no longer holds
            header, body, signature = token.split(".")
            claims[LTI + "roles"] = [ROLES["Instructor"]]
            forged = jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()
            token = ".".join([header, forged, signature])
        return token

    def _deep_link_return(self, token: str) -> dict:
        claims = self._tool_verify(token, audience=self.issuer)
        if claims.get("iss") != self.client_id:
            raise Refusal(401, "deep-linking reply not from this tool")
        if claims.get(LTI + "message_type") != "LtiDeepLinkingResponse":
            raise Refusal(400, "not a deep-linking reply")
        with self.lock:
            self.state["deep_links"].append(claims)
            for item in claims.get(DL + "content_items", []):
                link_id = f"link-{len(self.state['links']) + 1}"
                lineitem = ""
                if item.get("lineItem"):
                    lineitem = f"{self.issuer}/lineitem/{link_id}"
                    self.state["lineitems"][link_id] = {
                        "id": lineitem,
                        "label": item["lineItem"].get("label", item.get("title")),
                        "scoreMaximum": item["lineItem"]["scoreMaximum"],
                        "resourceLinkId": link_id,
                        "resourceId": item["lineItem"].get("resourceId", ""),
                    }
                self.state["links"][link_id] = {
                    "url": item["url"],
                    "title": item.get("title", ""),
                    "custom": item.get("custom", {}),
                    "lineitem": lineitem,
                }
        return claims

    # --- HTTP ------------------------------------------------------------------------------
    def _handler(self):
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status: int, body, content_type="application/json", headers=None):
                data = (
                    body
                    if isinstance(body, bytes)
                    else (json.dumps(body) if not isinstance(body, str) else body).encode()
                )
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def _form(self) -> dict:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode()
                if "json" in (self.headers.get("Content-Type") or ""):
                    return json.loads(raw or "{}")
                return {k: v[0] for k, v in parse_qs(raw).items()}

            def do_GET(self):
                self._route("GET")

            def do_POST(self):
                self._route("POST")

            def _route(self, method):
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                try:
                    platform._serve(self, method, url.path, query)
                except Refusal as refusal:
                    platform.state["refusals"].append(str(refusal))
                    self._send(refusal.status, {"error": str(refusal)})

        return Handler

    def _serve(self, h, method: str, path: str, query: dict) -> None:
        if path == "/favicon.ico":
            return h._send(204, b"", "image/x-icon")
        if path == "/.well-known/openid-configuration":
            return h._send(
                200,
                {
                    "issuer": self.issuer,
                    "authorization_endpoint": self.issuer + "/auth",
                    "token_endpoint": self.issuer + "/token",
                    "jwks_uri": self.issuer + "/jwks",
                    "registration_endpoint": self.issuer + "/register",
                    "token_endpoint_auth_methods_supported": ["private_key_jwt"],
                    "id_token_signing_alg_values_supported": ["RS256"],
                    "scopes_supported": sorted(SCOPES),
                    "https://purl.imsglobal.org/spec/lti-platform-configuration": {
                        "product_family_code": "bridge-test-platform",
                        "version": "1.0",
                        "messages_supported": [
                            {"type": "LtiResourceLinkRequest"},
                            {"type": "LtiDeepLinkingRequest"},
                        ],
                    },
                },
            )
        if path == "/register" and method == "POST":  # LTI Dynamic Registration
            token = h.headers.get("Authorization", "").removeprefix("Bearer ")
            if token not in self.state["registration_tokens"]:
                raise Refusal(401, "unknown registration token")
            self.state["registration_tokens"].discard(token)
            tool = h._form()
            tool_config = tool.get(TOOL_CONFIGURATION, {})
            for name in ("initiate_login_uri", "redirect_uris", "jwks_uri"):
                if not tool.get(name):
                    raise Refusal(400, f"tool registration lacks {name}")
            if not tool_config.get("target_link_uri"):
                raise Refusal(400, "tool registration lacks its LTI configuration")
            self.client_id = f"bridge-registered-{len(self.state['registrations']) + 1}"
            self.state["registrations"].append(tool)
            return h._send(
                200,
                {
                    **tool,
                    "client_id": self.client_id,
                    TOOL_CONFIGURATION: {**tool_config, "deployment_id": self.deployment_id},
                },
            )
        if path == "/jwks":
            return h._send(200, self.jwks())
        if path == "/start":  # a click on an activity: OIDC third-party login initiation
            hint = {
                "kind": query.get("kind", "resource"),
                "link": query.get("link", ""),
                "variant": query.get("variant", ""),
            }
            params = {
                "iss": self.issuer,
                "login_hint": query["user"],
                "target_link_uri": self.tool_base + "/lti/launch/",
                "lti_message_hint": json.dumps(hint),
                "client_id": self.client_id,
                "lti_deployment_id": self.deployment_id,
            }
            return h._send(
                302, "", headers={"Location": self.tool_base + "/lti/login/?" + urlencode(params)}
            )
        if path == "/auth":  # the OIDC authorisation endpoint: the signed launch, form-posted
            if query.get("client_id") != self.client_id:
                raise Refusal(400, "unknown client_id")
            if query.get("redirect_uri") != self.tool_base + "/lti/launch/":
                raise Refusal(400, "redirect_uri not registered")
            if (
                query.get("response_type") != "id_token"
                or query.get("response_mode") != "form_post"
            ):
                raise Refusal(400, "id_token by form_post only")
            if not query.get("nonce") or "openid" not in query.get("scope", ""):
                raise Refusal(400, "nonce and openid scope required")
            token = self._id_token(
                json.loads(query["lti_message_hint"]), query["login_hint"], query["nonce"]
            )
            page = (
                f'<!doctype html><title>Launching</title><form id="launch" method="post" '
                f'action="{html.escape(query["redirect_uri"])}">'
                f'<input type="hidden" name="id_token" value="{token}">'
                f'<input type="hidden" name="state" value="{html.escape(query.get("state", ""))}">'
                f'<button type="submit">Continue</button></form>'
                f'<script>document.getElementById("launch").submit()</script>'
            )
            return h._send(200, page, "text/html; charset=utf-8")
        if path == "/token" and method == "POST":  # client credentials with a signed assertion
            form = h._form()
            if form.get("grant_type") != "client_credentials":
                raise Refusal(400, "unsupported grant_type")
            claims = self._tool_verify(
                form.get("client_assertion", ""), audience=self.issuer + "/token"
            )
            if claims.get("iss") != self.client_id or claims.get("sub") != self.client_id:
                raise Refusal(401, "assertion not from this tool")
            scopes = set(form.get("scope", "").split()) & SCOPES
            token = secrets.token_urlsafe(24)
            self.state["tokens"][token] = scopes
            return h._send(
                200,
                {
                    "access_token": token,
                    "token_type": "Bearer",
                    "expires_in": 3600,
                    "scope": " ".join(sorted(scopes)),
                },
            )
        if path == "/deep-link-return" and method == "POST":
            self._deep_link_return(h._form().get("JWT", ""))
            return h._send(
                200,
                "<!doctype html><title>Added</title><h1>Activity added</h1>",
                "text/html; charset=utf-8",
            )
        if path.startswith("/lineitem/") and path.endswith("/scores") and method == "POST":
            self._bearer(h.headers, AGS + "scope/score")
            if h.headers.get("Content-Type") != "application/vnd.ims.lis.v1.score+json":
                raise Refusal(415, "scores are application/vnd.ims.lis.v1.score+json")
            link_id = path.split("/")[2]
            if link_id not in self.state["lineitems"]:
                raise Refusal(404, "no such line item")
            score = h._form()
            if score.get("userId") not in self.users or not score.get("timestamp"):
                raise Refusal(400, "userId and timestamp required")
            with self.lock:
                self.state["scores"].append({**score, "lineitem": link_id})
            return h._send(204, b"")
        if path.startswith("/lineitem/") and path.endswith("/results"):
            self._bearer(h.headers, AGS + "scope/result.readonly")
            link_id = path.split("/")[2]
            latest = {}
            for score in self.state["scores"]:
                if score["lineitem"] == link_id:
                    latest[score["userId"]] = score
            return h._send(
                200,
                [
                    {
                        "userId": u,
                        "resultScore": s.get("scoreGiven"),
                        "resultMaximum": s.get("scoreMaximum"),
                    }
                    for u, s in latest.items()
                ],
                "application/vnd.ims.lis.v2.resultcontainer+json",
            )
        if path.startswith("/lineitems/"):
            self._bearer(h.headers, AGS + "scope/lineitem.readonly")
            return h._send(
                200,
                list(self.state["lineitems"].values()),
                "application/vnd.ims.lis.v2.lineitemcontainer+json",
            )
        if path.startswith("/memberships/"):
            self._bearer(h.headers, NRPS + "scope/contextmembership.readonly")
            members = [
                {
                    "status": "Active",
                    "user_id": sub,
                    "name": u["name"],
                    "given_name": u["given_name"],
                    "family_name": u["family_name"],
                    "email": u["email"],
                    "roles": [ROLES[u["role"]]],
                }
                for sub, u in self.users.items()
            ]
            return h._send(
                200,
                {"id": self.issuer + path, "context": self.context, "members": members},
                "application/vnd.ims.lti-nrps.v2.membershipcontainer+json",
            )
        if path == "/register-tool":  # the platform admin pastes the tool's registration link
            if not query.get("url", "").startswith(self.tool_base + "/"):
                raise Refusal(400, "a registration link on the tool's address is needed")
            return h._send(302, "", headers={"Location": self.registration_url(query["url"])})
        if path == "/":  # the LMS course page: its activities, and the gradebook
            rows = "".join(
                f"<li>{html.escape(link['title'])}: "
                + " ".join(
                    f'<a href="{html.escape(self.launch_url(sub, link=link_id))}">'
                    f"Open as {html.escape(u['name'])}</a>"
                    for sub, u in self.users.items()
                )
                + "</li>"
                for link_id, link in self.state["links"].items()
            )
            grades = "".join(
                f"<li>{html.escape(s['userId'])}: {s.get('scoreGiven')} / {s.get('scoreMaximum')} "
                f"({html.escape(s.get('activityProgress', ''))})</li>"
                for s in self.state["scores"]
            )
            page = (
                f"<!doctype html><title>{html.escape(self.context['title'])}</title>"
                f"<h1>{html.escape(self.context['title'])}</h1>"
                f'<p><a href="{html.escape(self.launch_url("teacher-1", kind="deep"))}">'
                "Add a Bridge activity</a></p>"
                '<form action="/register-tool"><label for="url">Tool registration link</label> '
                '<input id="url" name="url" size="80"> <button>Register the tool</button></form>'
                f"<h2>Activities</h2><ul>{rows}</ul>"
                f'<h2>Gradebook</h2><ul id="gradebook">{grades}</ul>'
            )
            return h._send(200, page, "text/html; charset=utf-8")
        raise Refusal(404, f"no {method} {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tool", default="http://127.0.0.1:8000")
    parser.add_argument("--port", type=int, default=8401)
    args = parser.parse_args()
    platform = Platform(args.tool, port=args.port)
    print(json.dumps(platform.registration, indent=2))
    print(f"Course page: {platform.issuer}/")
    platform.server.serve_forever()


if __name__ == "__main__":
    main()
