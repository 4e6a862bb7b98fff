"""deploy/kubernetes/: valid against the Kubernetes API schemas, offline, and consistent with compose.

Every resource the kustomization lists is validated strictly (unknown fields refused) with
kubernetes-validate, against the newest schemas it ships and the oldest Kubernetes still commonly
run (1.30). Then the manifests are read against docker-compose.yml and the Dockerfile: the same
image and commands, the same environment names, probes on the endpoints compose checks, secrets
only from a Secret, the Dockerfile's non-root user, compose's grace period, nginx's limits on the
Ingress, and autoscaler bounds inside PgBouncer's connection budget.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from typing import Any

import kubernetes_validate
import pytest
import yaml

from tools.compose_check import graceful_timeout
from tools.run_local import ROOT
from tools.scale.budget import per_replica
from tools.scale.render import compose_environment, compose_file

BASE = ROOT / "deploy" / "kubernetes"
VERSIONS = (kubernetes_validate.latest_version(), "1.30.0")
BACKENDS = ("fastapi", "flask")


def kustomization() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((BASE / "kustomization.yaml").read_text())
    return document


def resources() -> list[dict[str, Any]]:
    return [
        document
        for name in kustomization()["resources"]
        for document in yaml.safe_load_all((BASE / name).read_text())
    ]


def find(kind: str, name: str) -> dict[str, Any]:
    found = [r for r in resources() if r["kind"] == kind and r["metadata"]["name"] == name]
    assert len(found) == 1, f"{kind}/{name}"
    return found[0]


def env_names(container: dict[str, Any]) -> set[str]:
    return {variable["name"] for variable in container["env"]}


def test_the_kustomization_lists_every_manifest() -> None:
    listed = set(kustomization()["resources"])
    on_disk = {path.name for path in BASE.glob("*.yaml")} - {"kustomization.yaml"}
    assert listed == on_disk


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("name", kustomization()["resources"])
def test_each_manifest_validates_strictly(name: str, version: str) -> None:
    for document in yaml.safe_load_all((BASE / name).read_text()):
        kubernetes_validate.validate(document, version, strict=True)


def test_kustomize_builds_the_base() -> None:
    """Only where a kubectl is installed (CI does not install one): the manifests above are what counts."""
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("no kubectl here")
    built = subprocess.run([kubectl, "kustomize", str(BASE)], capture_output=True, text=True, timeout=60)
    assert built.returncode == 0, built.stderr
    kinds = sorted(document["kind"] for document in yaml.safe_load_all(built.stdout))
    assert kinds == sorted([*(r["kind"] for r in resources()), "ConfigMap"])


@pytest.mark.parametrize("backend", BACKENDS)
def test_deployments_run_what_compose_runs(backend: str) -> None:
    compose = compose_file()
    service = compose["services"][backend]
    pod = find("Deployment", backend)["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert container["image"] == service["image"] == "conduit:latest"
    assert container["command"] == service["command"]
    assert env_names(container) == set(service["environment"])
    port = int(service["environment"]["BIND"].rsplit(":", 1)[1])
    assert {"name": "BIND", "value": f"0.0.0.0:{port}"} in container["env"]
    assert container["ports"] == [{"name": "http", "containerPort": port}]
    assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert service["healthcheck"]["test"] == ["CMD", "python", "deploy/healthcheck.py"]
    assert "/healthz" in (ROOT / "deploy" / "healthcheck.py").read_text(), "compose checks /healthz too"
    (wait,) = pod["initContainers"]
    assert wait["command"] == ["python", "-m", "shared.migrate", "--wait", "600"]
    assert wait["env"] == container["env"], "the wait reaches the database as the server does"


def test_the_migration_job_runs_what_compose_migrate_runs() -> None:
    service = compose_file()["services"]["migrate"]
    job = find("Job", "conduit-migrate")["spec"]["template"]["spec"]
    (container,) = job["containers"]
    assert container["image"] == service["image"]
    assert container["command"] == service["command"]
    assert env_names(container) == set(service["environment"])
    database = next(v for v in container["env"] if v["name"] == "DATABASE_URL")
    assert database["valueFrom"]["secretKeyRef"]["key"] == "direct-database-url", "not through the pooler"


def test_secrets_come_from_a_secret_and_are_never_written_down() -> None:
    assert all(r["kind"] != "Secret" for r in resources())
    text = "\n".join((BASE / name).read_text() for name in kustomization()["resources"])
    assert not re.search(r"postgres(ql)?(\+psycopg)?://", text), "no database URL in the manifests"
    for kind, name in [("Deployment", "fastapi"), ("Deployment", "flask"), ("Job", "conduit-migrate")]:
        spec = find(kind, name)["spec"]["template"]["spec"]
        for container in spec["containers"] + spec.get("initContainers", []):
            for variable in container["env"]:
                if variable["name"] in {"DATABASE_URL", "JWT_SECRET"}:
                    assert variable["valueFrom"]["secretKeyRef"]["name"] == "conduit"


@pytest.mark.parametrize(
    ("kind", "name"), [("Deployment", "fastapi"), ("Deployment", "flask"), ("Job", "conduit-migrate")]
)
def test_pods_run_as_the_dockerfiles_user_without_privileges(kind: str, name: str) -> None:
    user = re.findall(r"^USER (\d+)$", (ROOT / "Dockerfile").read_text(), re.MULTILINE)[0]
    spec = find(kind, name)["spec"]["template"]["spec"]
    assert spec["securityContext"]["runAsNonRoot"] is True
    assert spec["securityContext"]["runAsUser"] == int(user)
    for container in spec["containers"] + spec.get("initContainers", []):
        assert container["securityContext"]["allowPrivilegeEscalation"] is False
        assert container["securityContext"]["readOnlyRootFilesystem"] is True
        assert container["securityContext"]["capabilities"] == {"drop": ["ALL"]}
        assert {"requests", "limits"} <= set(container["resources"])


@pytest.mark.parametrize("backend", BACKENDS)
def test_shutdown_fits_compose_grace_period(backend: str) -> None:
    service = compose_file()["services"][backend]
    pod = find("Deployment", backend)["spec"]["template"]["spec"]
    pause = int(pod["containers"][0]["lifecycle"]["preStop"]["exec"]["command"][1])
    grace = graceful_timeout(service["command"])
    assert pod["terminationGracePeriodSeconds"] == int(service["stop_grace_period"].removesuffix("s"))
    assert pause + grace < pod["terminationGracePeriodSeconds"]


def test_the_ingress_carries_nginxs_limits() -> None:
    nginx = compose_environment("nginx", {})
    annotations = find("Ingress", "conduit")["metadata"]["annotations"]
    prefix = "nginx.ingress.kubernetes.io/"
    assert annotations[prefix + "proxy-body-size"] == nginx["MAX_BODY_BYTES"]
    assert annotations[prefix + "proxy-read-timeout"] == nginx["NGINX_PROXY_TIMEOUT"].removesuffix("s")
    backends = {
        rule["http"]["paths"][0]["backend"]["service"]["name"]
        for rule in find("Ingress", "conduit")["spec"]["rules"]
    }
    assert backends == set(BACKENDS)


def test_autoscaling_stays_inside_pgbouncers_budget() -> None:
    """At most replicas, every pod's pools (WEB_CONCURRENCY x (DB_POOL_SIZE + DB_MAX_OVERFLOW)) fit
    in PgBouncer's max_client_conn, with the defaults compose gives both."""
    pods = 0
    for backend in BACKENDS:
        autoscaler = find("HorizontalPodAutoscaler", backend)["spec"]
        assert autoscaler["scaleTargetRef"] == {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "name": backend,
        }
        assert autoscaler["minReplicas"] >= 2, "a PodDisruptionBudget of 1 needs a second pod to drain one"
        assert "replicas" not in find("Deployment", backend)["spec"], "the autoscaler owns it"
        assert find("PodDisruptionBudget", backend)["spec"]["minAvailable"] == 1
        pods += autoscaler["maxReplicas"]
    per_pod = per_replica(compose_environment("fastapi", {}))
    assert pods * per_pod <= int(compose_environment("pgbouncer", {})["PGBOUNCER_MAX_CLIENT_CONN"])


def test_the_secret_keys_are_documented() -> None:
    readme = (BASE / "README.md").read_text()
    keys = {
        variable["valueFrom"]["secretKeyRef"]["key"]
        for r in resources()
        if r["kind"] in {"Deployment", "Job"}
        for container in r["spec"]["template"]["spec"]["containers"]
        for variable in container["env"]
        if "secretKeyRef" in variable.get("valueFrom", {})
    }
    assert keys == {"database-url", "direct-database-url", "jwt-secret"}
    for key in keys:
        assert f"--from-literal={key}=" in readme, key


def test_validation_refuses_an_unknown_field() -> None:
    """Guards the tests above: a manifest with an unknown field does not validate."""
    broken = find("PodDisruptionBudget", "fastapi")
    broken["spec"]["maxAvailable"] = 1
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, VERSIONS[0], strict=True)
