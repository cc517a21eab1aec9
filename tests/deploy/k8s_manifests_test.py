#!/usr/bin/python3
"""Parses every manifest in deploy/k8s and checks the fields that matter for running the gateway safely.

Usage: k8s_manifests_test.py <repo root> <gha-gateway binary>   (Debian's python3 and python3-yaml)
"""
import re
import subprocess
import sys
import unittest
from pathlib import Path

import yaml

ROOT = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path(__file__).resolve().parents[2]
GATEWAY = sys.argv[2] if len(sys.argv) > 2 else str(ROOT / "build" / "gha-gateway")


def load_all():
    docs = []
    for path in sorted((ROOT / "deploy" / "k8s").glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            if doc:
                docs.append((path.name, doc))
    return docs


DOCS = load_all()


def one(kind):
    found = [d for _, d in DOCS if d.get("kind") == kind and d.get("apiVersion") != "kustomize.config.k8s.io/v1beta1"]
    assert len(found) == 1, f"expected one {kind}, found {len(found)}"
    return found[0]


def project_version():
    text = (ROOT / "CMakeLists.txt").read_text()
    return re.search(r"project\(gha-gateway VERSION ([0-9.]+)", text).group(1)


def env_of(container):
    return {e["name"]: e for e in container.get("env", [])}


class Manifests(unittest.TestCase):
    def setUp(self):
        self.deployment = one("Deployment")
        self.pod = self.deployment["spec"]["template"]["spec"]
        self.container = next(c for c in self.pod["containers"] if c["name"] == "gateway")

    def test_every_manifest_parses_with_kind_api_version_and_name(self):
        self.assertGreaterEqual(len(DOCS), 5)
        for name, doc in DOCS:
            with self.subTest(file=name):
                self.assertIn("apiVersion", doc)
                self.assertIn("kind", doc)
                if doc["kind"] != "Kustomization":
                    self.assertEqual(doc["metadata"]["name"], "gha-gateway")

    def test_kustomization_lists_every_manifest(self):
        kustomization = next(d for n, d in DOCS if n == "kustomization.yaml")
        files = {p.name for p in (ROOT / "deploy" / "k8s").glob("*.yaml")} - {"kustomization.yaml"}
        self.assertEqual(set(kustomization["resources"]), files)

    def test_api_versions_are_current(self):
        expected = {"Deployment": "apps/v1", "Service": "v1", "HorizontalPodAutoscaler": "autoscaling/v2",
                    "PodDisruptionBudget": "policy/v1"}
        for kind, version in expected.items():
            self.assertEqual(one(kind)["apiVersion"], version, kind)

    def test_image_is_this_version(self):
        self.assertEqual(self.container["image"], f"gha-gateway:{project_version()}")

    def test_selector_matches_pod_labels(self):
        selector = self.deployment["spec"]["selector"]["matchLabels"]
        labels = self.deployment["spec"]["template"]["metadata"]["labels"]
        for key, value in selector.items():
            self.assertEqual(labels.get(key), value)

    def test_probes_hit_healthz_on_the_container_port(self):
        ports = {p["name"]: p["containerPort"] for p in self.container["ports"]}
        self.assertEqual(ports.get("http"), 8080)
        self.assertEqual(env_of(self.container)["API_GATEWAY_PORT"]["value"], "8080")
        for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
            with self.subTest(probe=probe):
                get = self.container[probe]["httpGet"]
                self.assertEqual(get["path"], "/healthz")
                self.assertIn(get["port"], ("http", 8080))
        # Liveness must not restart a pod just because the orchestrator is down: /healthz has no dependency.
        self.assertGreaterEqual(self.container["livenessProbe"]["failureThreshold"], 3)

    def test_runs_as_non_root_with_a_read_only_root_filesystem(self):
        pod_security = self.pod["securityContext"]
        container_security = self.container["securityContext"]
        self.assertTrue(pod_security["runAsNonRoot"])
        self.assertNotEqual(pod_security.get("runAsUser", 0), 0)
        self.assertTrue(container_security["readOnlyRootFilesystem"])
        self.assertFalse(container_security["allowPrivilegeEscalation"])
        self.assertEqual(container_security["capabilities"]["drop"], ["ALL"])
        self.assertFalse(self.pod.get("automountServiceAccountToken", True))

    def test_resources_are_set(self):
        resources = self.container["resources"]
        for part in ("requests", "limits"):
            for resource in ("cpu", "memory"):
                self.assertIn(resource, resources[part], f"{part}.{resource}")

    def test_termination_grace_outlasts_prestop_and_the_gateways_own_grace(self):
        grace = float(env_of(self.container)["SHUTDOWN_GRACE_SECONDS"]["value"])
        pre_stop = self.container["lifecycle"]["preStop"]["exec"]["command"]
        pre_stop_seconds = float(pre_stop[-1]) if pre_stop[0] == "sleep" else 0
        self.assertGreater(self.pod["terminationGracePeriodSeconds"], grace + pre_stop_seconds)

    def test_every_environment_variable_is_one_the_gateway_knows(self):
        help_text = subprocess.run([GATEWAY, "--help"], capture_output=True, text=True, check=True).stdout
        for name in env_of(self.container):
            with self.subTest(variable=name):
                self.assertRegex(help_text, rf"\b{name}\b")
        api_keys = env_of(self.container)["API_KEYS"]["valueFrom"]["secretKeyRef"]
        self.assertTrue(api_keys["optional"])

    def test_tenants_overlay_mounts_the_keys_secret_as_a_watched_directory(self):
        overlay = ROOT / "deploy" / "k8s" / "tenants"
        kustomization = yaml.safe_load((overlay / "kustomization.yaml").read_text())
        self.assertIn("../", kustomization["resources"])
        patch_files = [p["path"] for p in kustomization["patches"]]
        patch = yaml.safe_load((overlay / patch_files[0]).read_text())
        self.assertEqual((patch["kind"], patch["metadata"]["name"]), ("Deployment", "gha-gateway"))
        pod = patch["spec"]["template"]["spec"]
        container = next(c for c in pod["containers"] if c["name"] == self.container["name"])
        keys_file = env_of(container)["API_KEYS_FILE"]["value"]
        mount = next(m for m in container["volumeMounts"] if keys_file.startswith(m["mountPath"] + "/"))
        self.assertNotIn("subPath", mount)  # the kubelet never updates a subPath mount
        self.assertTrue(mount["readOnly"])
        volume = next(v for v in pod["volumes"] if v["name"] == mount["name"])
        self.assertEqual(volume["secret"]["secretName"], "gha-gateway-keys")
        self.assertEqual(keys_file, mount["mountPath"] + "/keys")
        # The uid the pod runs as can read it without an fsGroup.
        self.assertEqual(volume["secret"]["defaultMode"] & 0o004, 0o004)
        help_text = subprocess.run([GATEWAY, "--help"], capture_output=True, text=True, check=True).stdout
        self.assertRegex(help_text, r"\bAPI_KEYS_FILE\b")

    def test_webhooks_overlay_mounts_the_secrets_secret_as_a_watched_directory(self):
        overlay = ROOT / "deploy" / "k8s" / "webhooks"
        kustomization = yaml.safe_load((overlay / "kustomization.yaml").read_text())
        self.assertIn("../", kustomization["resources"])
        patch = yaml.safe_load((overlay / kustomization["patches"][0]["path"]).read_text())
        self.assertEqual((patch["kind"], patch["metadata"]["name"]), ("Deployment", "gha-gateway"))
        pod = patch["spec"]["template"]["spec"]
        container = next(c for c in pod["containers"] if c["name"] == self.container["name"])
        secrets_file = env_of(container)["GITHUB_WEBHOOK_SECRETS_FILE"]["value"]
        mount = next(m for m in container["volumeMounts"] if secrets_file.startswith(m["mountPath"] + "/"))
        self.assertNotIn("subPath", mount)
        self.assertTrue(mount["readOnly"])
        volume = next(v for v in pod["volumes"] if v["name"] == mount["name"])
        self.assertEqual(volume["secret"]["secretName"], "gha-gateway-webhook-secrets")
        self.assertEqual(volume["secret"]["defaultMode"] & 0o004, 0o004)
        self.assertNotIn("GITHUB_WEBHOOK_SECRET", env_of(container))  # never a secret's value in the manifest
        help_text = subprocess.run([GATEWAY, "--help"], capture_output=True, text=True, check=True).stdout
        for name in env_of(container):
            self.assertRegex(help_text, rf"\b{name}\b")

    def test_shared_store_overlay_points_every_replica_at_its_redis(self):
        overlay = ROOT / "deploy" / "k8s" / "shared-store"
        kustomization = yaml.safe_load((overlay / "kustomization.yaml").read_text())
        self.assertEqual(kustomization["resources"], ["../", "redis.yaml"])
        patch = yaml.safe_load((overlay / kustomization["patches"][0]["path"]).read_text())
        self.assertEqual((patch["kind"], patch["metadata"]["name"]), ("Deployment", "gha-gateway"))
        container = next(c for c in patch["spec"]["template"]["spec"]["containers"] if c["name"] == self.container["name"])
        url = env_of(container)["REDIS_URL"]["value"]
        docs = [d for d in yaml.safe_load_all((overlay / "redis.yaml").read_text()) if d]
        kinds = {d["kind"]: d for d in docs}
        service = kinds["Service"]
        self.assertEqual(url, f"redis://{service['metadata']['name']}:{service['spec']['ports'][0]['port']}/0")
        redis = kinds["Deployment"]
        self.assertEqual(redis["spec"]["replicas"], 1)
        self.assertEqual(service["spec"]["selector"], redis["spec"]["selector"]["matchLabels"])
        pod = redis["spec"]["template"]["spec"]
        self.assertTrue(pod["securityContext"]["runAsNonRoot"])
        box = pod["containers"][0]
        self.assertEqual(box["image"], f"gha-redis:{project_version()}")
        self.assertTrue(box["securityContext"]["readOnlyRootFilesystem"])
        self.assertIn("noeviction", box["args"])
        # Only the gateway's pods may reach it.
        policy = kinds["NetworkPolicy"]
        self.assertEqual(policy["spec"]["podSelector"], redis["spec"]["selector"])
        self.assertEqual(policy["spec"]["ingress"][0]["from"][0]["podSelector"]["matchLabels"],
                         self.deployment["spec"]["selector"]["matchLabels"])
        help_text = subprocess.run([GATEWAY, "--help"], capture_output=True, text=True, check=True).stdout
        self.assertRegex(help_text, r"\bREDIS_URL\b")

    def test_io_threads_match_the_cpu_request(self):
        cpu = str(self.container["resources"]["requests"]["cpu"])
        cores = float(cpu[:-1]) / 1000 if cpu.endswith("m") else float(cpu)
        threads = int(env_of(self.container)["IO_THREADS"]["value"])
        self.assertGreaterEqual(threads, max(1, int(cores)))

    def test_service_routes_to_the_pods_http_port(self):
        service = one("Service")
        labels = self.deployment["spec"]["template"]["metadata"]["labels"]
        for key, value in service["spec"]["selector"].items():
            self.assertEqual(labels.get(key), value)
        self.assertEqual(service["spec"]["ports"][0]["targetPort"], "http")

    def test_prometheus_scrapes_the_metrics_port_which_the_service_does_not_expose(self):
        ports = {p["name"]: p["containerPort"] for p in self.container["ports"]}
        metrics_port = env_of(self.container)["METRICS_PORT"]["value"]
        self.assertEqual(str(ports.get("metrics")), metrics_port)
        annotations = self.deployment["spec"]["template"]["metadata"]["annotations"]
        self.assertEqual(annotations["prometheus.io/port"], metrics_port)
        self.assertEqual(annotations["prometheus.io/path"], "/metrics")
        service = one("Service")
        self.assertNotIn("metrics", [p["targetPort"] for p in service["spec"]["ports"]])
        self.assertNotIn(int(metrics_port), [p["targetPort"] for p in service["spec"]["ports"]])

    def test_autoscaler_targets_the_deployment(self):
        hpa = one("HorizontalPodAutoscaler")
        target = hpa["spec"]["scaleTargetRef"]
        self.assertEqual((target["kind"], target["name"]), ("Deployment", "gha-gateway"))
        self.assertGreaterEqual(hpa["spec"]["minReplicas"], 2)
        self.assertGreater(hpa["spec"]["maxReplicas"], hpa["spec"]["minReplicas"])
        self.assertEqual(hpa["spec"]["metrics"][0]["resource"]["name"], "cpu")

    def test_disruption_budget_keeps_a_replica_and_selects_the_pods(self):
        pdb = one("PodDisruptionBudget")
        hpa = one("HorizontalPodAutoscaler")
        labels = self.deployment["spec"]["template"]["metadata"]["labels"]
        for key, value in pdb["spec"]["selector"]["matchLabels"].items():
            self.assertEqual(labels.get(key), value)
        self.assertGreaterEqual(pdb["spec"]["minAvailable"], 1)
        self.assertLess(pdb["spec"]["minAvailable"], hpa["spec"]["minReplicas"])
        strategy = self.deployment["spec"]["strategy"]["rollingUpdate"]
        self.assertEqual(strategy["maxUnavailable"], 0)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
