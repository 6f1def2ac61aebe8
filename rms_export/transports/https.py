"""HTTPS POST: the document as the body, the report reference as ``Idempotency-Key``."""

import requests
from django.utils.translation import gettext_lazy as _

from . import PermanentError, Receipt, TransientError, Transport


class HttpsTransport(Transport):
    id = "https"
    label = _("HTTPS POST")
    required_options = ("url",)

    def send(self, *, key, payload, content_type, extension):
        headers = {**self.options.get("headers", {}), "Content-Type": content_type, "Idempotency-Key": key}
        try:
            response = requests.post(
                self.options["url"],
                data=payload,
                headers=headers,
                timeout=(self.options.get("connect_timeout", 5), self.options.get("timeout", 30)),
                verify=self.options.get("verify", True),  # TLS verification stays on unless a CA bundle is named
            )
        except requests.RequestException as error:
            raise TransientError(f"{type(error).__name__}: {error}") from error
        if response.status_code >= 500 or response.status_code == 429:
            raise TransientError(f"HTTP {response.status_code}: {response.text[:500]}")
        if response.status_code >= 400:
            raise PermanentError(f"HTTP {response.status_code}: {response.text[:2000]}")
        try:
            case_number = str(response.json().get("case_number", ""))
        except ValueError:
            raise TransientError(f"HTTP {response.status_code} without a JSON answer") from None
        return Receipt(case_number=case_number)
