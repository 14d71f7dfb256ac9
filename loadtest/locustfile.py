"""Load test of the X-Seven Mesh host: health, breakers and admin endpoints at a steady pace.

Run headless against a running host (Debian's python3-locust provides `locust`):

    ADMIN_TOKEN=... locust -f loadtest/locustfile.py --headless -u 20 -r 5 -t 2m \
        --host http://localhost:8000

A request counts as failed only when its answer is wrong for the host's state: a 503 from
/health/service/{name} is right when that service is down, a 409 is right while another restart
runs.
"""

import os
import random

from locust import HttpUser, between, task

SERVICES = ["database", "redis", "kafka", "temporal", "dspy", "voice"]
RESTARTABLE = ["redis", "kafka", "temporal", "dspy", "voice"]


class MeshUser(HttpUser):
    wait_time = between(0.2, 1.0)

    def on_start(self):
        self.token = os.environ.get("ADMIN_TOKEN", "")

    @task(5)
    def system_health(self):
        with self.client.get("/health/system", catch_response=True) as response:
            status = _json(response).get("status")
            if response.status_code == 200 and status in ("UP", "DEGRADED"):
                response.success()
            elif response.status_code == 503 and status == "DOWN":
                response.success()
            else:
                response.failure(f"{response.status_code} with status {status!r}")

    @task(5)
    def service_health(self):
        name = random.choice(SERVICES)
        with self.client.get(f"/health/service/{name}", name="/health/service/[name]",
                             catch_response=True) as response:
            body = _json(response)
            if body.get("name") != name:
                response.failure(f"answer for {body.get('name')!r} instead of {name!r}")
            elif response.status_code == 200 and body.get("status") == "UP":
                response.success()
            elif response.status_code == 503 and body.get("status") in ("DOWN", "UNKNOWN"):
                response.success()
            else:
                response.failure(f"{response.status_code} with status {body.get('status')!r}")

    @task(2)
    def circuit_breakers(self):
        with self.client.get("/health/circuit-breakers", catch_response=True) as response:
            body = _json(response)
            if response.status_code == 200 and body.get("status") in ("UP", "DEGRADED") \
                    and isinstance(body.get("breakers"), dict):
                response.success()
            else:
                response.failure(f"{response.status_code} with status {body.get('status')!r}")

    @task(1)
    def restart_service(self):
        name = random.choice(RESTARTABLE)
        with self.client.post(f"/admin/restart-service/{name}", name="/admin/restart-service/[name]",
                              headers={"Authorization": f"Bearer {self.token}"},
                              catch_response=True) as response:
            body = _json(response)
            if response.status_code == 200 and body.get("service") == name:
                response.success()
            elif response.status_code == 409 and "error" in body:
                response.success()
            else:
                response.failure(f"{response.status_code}: {body.get('error')!r}")


def _json(response):
    try:
        body = response.json()
        return body if isinstance(body, dict) else {}
    except ValueError:
        return {}
