#!/usr/bin/python3
"""Checks the Compose stack's files without a Docker engine (the end-to-end test, compose_e2e.sh, runs it).

Usage: compose_config_test.py <repo root>   (Debian's python3 and python3-yaml)
"""
import re
import sys
import unittest
from pathlib import Path

import yaml

ROOT = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
COMPOSE_TEXT = (DEPLOY / "compose.yaml").read_text()
SIM_TEXT = (DEPLOY / "compose.sim.yaml").read_text()
COMPOSE = yaml.safe_load(COMPOSE_TEXT)
SIM = yaml.safe_load(SIM_TEXT)
WEBHOOKS_TEXT = (DEPLOY / "compose.webhooks.yaml").read_text()
WEBHOOKS = yaml.safe_load(WEBHOOKS_TEXT)
ENV_EXAMPLE = (DEPLOY / ".env.example").read_text()
DOCKERFILE = (DEPLOY / "Dockerfile").read_text()


def variables(text):
    return set(re.findall(r"\$\{([A-Z_][A-Z0-9_]*)", text))


class ComposeStack(unittest.TestCase):
    def test_every_variable_is_documented_in_env_example(self):
        documented = set(re.findall(r"^([A-Z_][A-Z0-9_]*)=", ENV_EXAMPLE, re.M))
        for name in sorted(variables(COMPOSE_TEXT) | variables(SIM_TEXT) | variables(WEBHOOKS_TEXT)):
            with self.subTest(variable=name):
                self.assertIn(name, documented)
                # Each has a comment line somewhere above it in its section.
        self.assertGreater(ENV_EXAMPLE.count("#"), len(documented) // 2)

    def test_gateway_waits_for_a_healthy_orchestrator(self):
        gateway = COMPOSE["services"]["gateway"]
        self.assertEqual(gateway["depends_on"]["orchestrator"]["condition"], "service_healthy")
        self.assertIn("healthcheck", COMPOSE["services"]["orchestrator"])
        self.assertIn("healthcheck", SIM["services"]["orchestrator"])

    def test_orchestrator_image_and_docker_socket_as_the_platform_runs_it(self):
        orchestrator = COMPOSE["services"]["orchestrator"]
        self.assertEqual(orchestrator["image"], "${REGISTRY:-ghcr.io/gha-platform}/gha-orchestrator:${IMAGE_VERSION:-latest}")
        self.assertTrue(any(v.endswith(":/var/run/docker.sock") for v in orchestrator["volumes"]))
        self.assertNotIn("ports", orchestrator)

    def test_both_on_a_private_network_and_only_the_gateway_published(self):
        networks = COMPOSE["networks"]
        self.assertEqual(len(networks), 1)
        (name,) = networks
        for service in COMPOSE["services"].values():
            self.assertEqual(service["networks"], [name])
        self.assertEqual(len(COMPOSE["services"]["gateway"]["ports"]), 1)
        self.assertTrue(COMPOSE["services"]["gateway"]["ports"][0].endswith(":8080"))
        self.assertEqual(COMPOSE["services"]["gateway"]["environment"]["ORCHESTRATOR_URL"], "http://orchestrator:8000")

    def test_gateway_container_is_locked_down_and_drains_before_it_is_killed(self):
        gateway = COMPOSE["services"]["gateway"]
        self.assertTrue(gateway["read_only"])
        self.assertEqual(gateway["cap_drop"], ["ALL"])
        grace = int(gateway["stop_grace_period"].rstrip("s"))
        default_shutdown = int(re.search(r"SHUTDOWN_GRACE_SECONDS:-(\d+)", COMPOSE_TEXT).group(1))
        self.assertGreater(grace, default_shutdown)

    def test_simulator_override_needs_no_token_and_never_sees_the_docker_socket(self):
        sim = SIM["services"]["orchestrator"]
        self.assertTrue(sim["image"].startswith("gha-orchestrator-sim:"))
        self.assertEqual(sim["build"]["target"], "sim")
        socket_mounts = [v for v in sim["volumes"] if v.endswith(":/var/run/docker.sock")]
        self.assertEqual(len(socket_mounts), 1)
        self.assertFalse(socket_mounts[0].startswith("/"), "the override must mount a named volume, not a host path")
        self.assertNotIn("GITHUB_TOKEN", sim.get("environment", {}))

    def test_dockerfile_final_stage_is_small_non_root_and_checks_its_health(self):
        stages = re.split(r"^FROM ", DOCKERFILE, flags=re.M)[1:]
        final = stages[-1]
        self.assertTrue(final.startswith("runtime AS gateway"))
        self.assertIn("USER 10001", final)
        self.assertIn("EXPOSE 8080", final)
        self.assertRegex(final, r'HEALTHCHECK .*CMD \["gha-gateway", "--healthcheck"\]')
        runtime = next(s for s in stages if " AS runtime" in s.splitlines()[0])
        self.assertNotRegex(runtime, r"build-essential|-dev\b|cmake|npm")
        self.assertIn("bookworm-slim", DOCKERFILE.splitlines()[next(i for i, l in enumerate(DOCKERFILE.splitlines()) if l.startswith("ARG BASE_IMAGE"))])

    def test_the_build_stage_copies_every_source_folder_the_build_names(self):
        cmake = (ROOT / "CMakeLists.txt").read_text()
        named = set(re.findall(r"^\s+([a-z_]+)/[\w/.-]+\.(?:cpp|in)\b", cmake, re.M))
        copied = set(re.findall(r"^COPY (?!--)([a-z_]+) \1$", DOCKERFILE, re.M))
        self.assertIn("core", named)
        for folder in sorted(named):
            with self.subTest(folder=folder):
                self.assertIn(folder, copied)

    def test_replicas_share_the_stacks_own_redis_which_the_gateway_image_does_not_hold(self):
        gateway = COMPOSE["services"]["gateway"]
        redis = COMPOSE["services"]["redis"]
        self.assertEqual(gateway["environment"]["REDIS_URL"], "${REDIS_URL:-redis://redis:6379/0}")
        self.assertEqual(gateway["depends_on"]["redis"]["condition"], "service_healthy")
        self.assertEqual(redis["build"]["target"], "redis")
        self.assertNotIn("ports", redis)
        self.assertTrue(redis["read_only"])
        self.assertIn("noeviction", redis["command"])
        self.assertTrue(any(v.startswith("redis-data:") for v in redis["volumes"]))
        stages = {s.splitlines()[0].split(" AS ")[-1].strip(): s for s in re.split(r"^FROM ", DOCKERFILE, flags=re.M)[1:]}
        self.assertIn("redis-server", stages["redis"])
        self.assertRegex(stages["redis"], r'HEALTHCHECK .*CMD \["redis-cli", "ping"\]')
        for stage in ("runtime", "gateway"):
            self.assertNotIn("redis-server", stages[stage])
        self.assertIn("libhiredis0.14", stages["runtime"])

    def test_webhooks_override_reads_the_secrets_from_a_compose_secret_file(self):
        gateway = WEBHOOKS["services"]["gateway"]
        self.assertEqual(gateway["secrets"], ["github_webhook_secrets"])
        self.assertEqual(gateway["environment"]["GITHUB_WEBHOOK_SECRETS_FILE"], "/run/secrets/github_webhook_secrets")
        self.assertIn("file", WEBHOOKS["secrets"]["github_webhook_secrets"])
        # The secret itself never sits in the environment or in a file of the repository.
        self.assertNotIn("GITHUB_WEBHOOK_SECRET", gateway["environment"])
        self.assertFalse((DEPLOY / "webhook-secrets").exists())


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
