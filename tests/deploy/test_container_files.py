"""The shipped Dockerfile, compose file and seccomp profile keep their hardening."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.deploy.conftest import ROOT

SANDBOX_SYSCALLS = {
    "unshare",
    "clone",
    "clone3",
    "setns",
    "mount",
    "umount2",
    "pivot_root",
    "chroot",
    "sethostname",
    "setdomainname",
}
# sha256 of moby/profiles seccomp/default.json (commit 190fa92c, 13,111 characters), the
# profile Docker applies by default; deploy/seccomp.json is that text plus one final rule.
DOCKER_DEFAULT_SHA256 = "bea8d773c7c98cf809cdb2492dddb077d5a51b99a33295bfe74585eec68f201d"
ERROR_ACTIONS = {"SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD"}


def compose(name: str = "docker-compose.yml") -> dict:
    return yaml.safe_load((ROOT / name).read_text())


def bot_service() -> dict:
    """The bot of the one-container deployment, which runs the sandbox in its own container."""
    return compose("docker-compose.single.yml")["services"]["bot"]


def seccomp_profile() -> dict:
    return json.loads((ROOT / "deploy" / "seccomp.json").read_text())


# --------------------------------------------------------------------------- one container


def test_compose_service_is_hardened() -> None:
    bot = bot_service()
    assert bot["user"] == "1000:1000"
    assert bot["cap_drop"] == ["ALL"]
    assert "cap_add" not in bot
    assert bot["init"] is True
    assert bot["restart"] == "unless-stopped"
    assert bot["env_file"] == ".env"
    assert "no-new-privileges:true" in bot["security_opt"]
    assert "seccomp=./deploy/seccomp.json" in bot["security_opt"]
    assert int(bot["pids_limit"]) > 0
    assert bot["mem_limit"]


def never_privileged(service: dict) -> None:
    assert not service.get("privileged", False)
    for option in service.get("security_opt", ()):
        assert "unconfined" not in option
    assert service.get("network_mode") != "host"
    assert service.get("pid") != "host"
    assert not service.get("devices")
    assert not service.get("cap_add")
    assert not any("docker.sock" in v for v in service.get("volumes", ()))


def test_compose_never_runs_privileged_or_unconfined() -> None:
    never_privileged(bot_service())
    for service in compose()["services"].values():
        never_privileged(service)


def test_compose_mounts_data_writable_and_content_read_only() -> None:
    for bot in (bot_service(), compose()["services"]["bot"]):
        volumes = bot["volumes"]
        assert "./data:/app/data" in volumes
        assert "./content:/app/content:ro" in volumes


def test_compose_health_and_command_use_the_cli() -> None:
    for bot in (bot_service(), compose()["services"]["bot"]):
        assert bot["command"] == ["stepwise", "run"]
        assert bot["healthcheck"]["test"] == ["CMD", "stepwise", "health"]


# --------------------------------------------------------------------------- bot + sandbox


def test_only_the_sandbox_service_gets_the_relaxed_seccomp_profile() -> None:
    services = compose()["services"]
    assert set(services) == {"bot", "sandbox"}
    bot, sandbox = services["bot"], services["sandbox"]
    assert bot["security_opt"] == ["no-new-privileges:true"]  # Docker's default seccomp
    assert "seccomp=./deploy/seccomp.json" in sandbox["security_opt"]
    assert "no-new-privileges:true" in sandbox["security_opt"]


def test_the_bot_service_is_strict_and_cannot_run_learner_code_itself() -> None:
    bot = compose()["services"]["bot"]
    assert bot["read_only"] is True
    assert bot["cap_drop"] == ["ALL"]
    assert bot["user"] == "1000:1000"
    # With a sandbox URL the bot only ever sends learner code to the sandbox services.
    assert bot["environment"]["STEPWISE_SANDBOX_URL"].endswith("http://sandbox:8080}")
    assert bot["depends_on"]["sandbox"]["condition"] == "service_healthy"


def test_the_sandbox_service_never_sees_the_token_and_is_not_published() -> None:
    sandbox = compose()["services"]["sandbox"]
    assert "env_file" not in sandbox
    assert not any("DISCORD" in key for key in sandbox["environment"])
    assert sandbox["environment"]["STEPWISE_SANDBOX_SECRET"].startswith(
        "${STEPWISE_SANDBOX_SECRET:?"
    )
    assert "ports" not in sandbox
    assert sandbox["command"][:3] == ["stepwise", "sandbox", "serve"]
    assert sandbox["cap_drop"] == ["ALL"] and sandbox["user"] == "1000:1000"
    assert sandbox["init"] is True and int(sandbox["pids_limit"]) > 0
    assert "--sandbox-url" in sandbox["healthcheck"]["test"]
    assert compose()["networks"]["sandbox"]["internal"] is True
    assert sandbox["networks"] == ["sandbox"]


def compose_binary() -> list[str] | None:
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    if shutil.which("docker"):
        probe = subprocess.run(
            ["docker", "compose", "version"], capture_output=True, text=True, timeout=30
        )
        if probe.returncode == 0:
            return ["docker", "compose"]
    return None


def render(tmp_path: Path, name: str, secret: str = "0123456789abcdef-secret") -> dict:
    """`docker compose config` on the shipped file with `.env.example` filled in as told."""
    binary = compose_binary()
    if binary is None:
        pytest.skip("neither docker-compose nor the docker compose plugin is installed")
    for file in ("docker-compose.yml", "docker-compose.single.yml", "Dockerfile"):
        shutil.copy(ROOT / file, tmp_path / file)
    shutil.copytree(ROOT / "deploy", tmp_path / "deploy", dirs_exist_ok=True)
    env = (ROOT / ".env.example").read_text()
    env = env.replace("\nSTEPWISE_SANDBOX_SECRET=\n", f"\nSTEPWISE_SANDBOX_SECRET={secret}\n")
    env = env.replace("\nDISCORD_TOKEN=\n", "\nDISCORD_TOKEN=MTIz.fake.token-for-config\n")
    (tmp_path / ".env").write_text(env)
    result = subprocess.run(
        [*binary, "-f", name, "config"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    if result.returncode != 0:
        raise AssertionError(result.stderr)
    return yaml.safe_load(result.stdout)["services"]


def test_compose_config_passes(tmp_path: Path) -> None:
    rendered = render(tmp_path, "docker-compose.single.yml")["bot"]
    assert rendered["cap_drop"] == ["ALL"]
    assert not rendered.get("privileged", False)


def test_two_service_compose_config_passes_and_keeps_the_token_in_the_bot(tmp_path: Path) -> None:
    services = render(tmp_path, "docker-compose.yml")
    bot, sandbox = services["bot"], services["sandbox"]
    assert bot["environment"]["DISCORD_TOKEN"] == "MTIz.fake.token-for-config"
    assert "DISCORD_TOKEN" not in sandbox["environment"]
    secret = "0123456789abcdef-secret"
    assert bot["environment"]["STEPWISE_SANDBOX_SECRET"] == secret
    assert sandbox["environment"]["STEPWISE_SANDBOX_SECRET"] == secret
    assert bot["environment"]["STEPWISE_SANDBOX_URL"] == "http://sandbox:8080"
    assert bot["read_only"] is True and bot["cap_drop"] == ["ALL"]
    assert not any("seccomp" in option for option in bot["security_opt"])


def test_compose_refuses_to_start_the_sandbox_without_a_secret(tmp_path: Path) -> None:
    with pytest.raises(AssertionError, match="STEPWISE_SANDBOX_SECRET"):
        render(tmp_path, "docker-compose.yml", secret="")


# --------------------------------------------------------------------------- seccomp


def test_seccomp_profile_denies_by_default() -> None:
    profile = seccomp_profile()
    assert profile["defaultAction"] in ERROR_ACTIONS
    assert any(arch["architecture"] == "SCMP_ARCH_X86_64" for arch in profile["archMap"])


def test_seccomp_profile_allows_sandbox_namespaces_without_capabilities() -> None:
    """An unconditional allow rule (no caps, no args) names every syscall the sandbox needs;
    Docker's default only allows them with CAP_SYS_ADMIN, which the container drops."""
    unconditional = set()
    for rule in seccomp_profile()["syscalls"]:
        if rule["action"] == "SCMP_ACT_ALLOW" and not (
            rule.get("args") or rule.get("includes") or rule.get("excludes")
        ):
            unconditional.update(rule["names"])
    assert unconditional >= SANDBOX_SYSCALLS


def test_seccomp_profile_keeps_dockers_dangerous_syscalls_capability_gated() -> None:
    """Only the namespace syscalls were added: module loading, bpf, ptrace and friends
    still need capabilities the container does not have."""
    gated = {"bpf", "init_module", "finit_module", "kexec_load", "reboot", "ptrace", "kcmp"}
    for rule in seccomp_profile()["syscalls"]:
        if rule["action"] != "SCMP_ACT_ALLOW":
            continue
        unconditional = not rule.get("includes", {}).get("caps")
        for name in set(rule["names"]) & gated:
            if name == "ptrace" and rule.get("includes", {}).get("minKernel"):
                continue  # Docker allows ptrace on kernels >= 4.8 (seccomp can't bypass it)
            assert not unconditional, f"{name} allowed without a capability"


def test_seccomp_profile_is_dockers_default_plus_one_rule() -> None:
    """Everything but the last rule is Docker's default profile, byte for byte, so an
    upgrade is a diff against upstream and no Docker rule was loosened by accident."""
    profile = seccomp_profile()
    added = profile["syscalls"].pop()
    upstream = json.dumps(profile, indent="\t")
    assert hashlib.sha256(upstream.encode()).hexdigest() == DOCKER_DEFAULT_SHA256
    assert set(added["names"]) == SANDBOX_SYSCALLS
    assert added["action"] == "SCMP_ACT_ALLOW"


def test_seccomp_rules_are_well_formed() -> None:
    actions = {"SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_LOG", *ERROR_ACTIONS}
    for rule in seccomp_profile()["syscalls"]:
        assert rule["names"] and all(re.fullmatch(r"[a-z0-9_]+", n) for n in rule["names"])
        assert rule["action"] in actions


# --------------------------------------------------------------------------- Dockerfile


def dockerfile_instructions() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    instructions = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            instructions.append((keyword.upper(), rest.strip()))
    return instructions


def test_dockerfile_uses_slim_python_311() -> None:
    bases = [rest for keyword, rest in dockerfile_instructions() if keyword == "FROM"]
    assert bases and all(re.match(r"python:3\.11-slim", base) for base in bases)


def test_dockerfile_installs_the_project() -> None:
    runs = [rest for keyword, rest in dockerfile_instructions() if keyword == "RUN"]
    assert any(re.search(r"pip install (\S+ )*'?\.(\[[a-z,]+\])?'?(\s|$)", run) for run in runs)
    assert any("[ml]" in run for run in runs), "lessons' packages (numpy, pandas, scikit-learn)"
    copies = " ".join(rest for keyword, rest in dockerfile_instructions() if keyword == "COPY")
    assert "pyproject.toml" in copies and "bot" in copies


def test_dockerfile_runs_as_uid_1000_with_health_and_run() -> None:
    instructions = dockerfile_instructions()
    users = [rest for keyword, rest in instructions if keyword == "USER"]
    assert users and users[-1].split(":")[0] == "1000"
    last_user = max(i for i, (keyword, _) in enumerate(instructions) if keyword == "USER")
    assert not any(keyword == "RUN" for keyword, _ in instructions[last_user:])
    rest = dict(instructions)
    assert json.loads(rest["CMD"]) == ["stepwise", "run"]
    assert rest["HEALTHCHECK"].endswith('CMD ["stepwise", "health"]')


def test_dockerignore_keeps_secrets_and_data_out_of_the_image() -> None:
    ignored = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".env", "data", ".git"} <= ignored


# --------------------------------------------------------------------------- scale setup


def scale_services() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.scale.yml").read_text())["services"]


def test_the_default_compose_stays_on_sqlite() -> None:
    """The default deployment is one bot on SQLite beside its sandbox service (#11);
    docker-compose.single.yml is the one-container variant. Neither needs PostgreSQL."""
    for name, services in (
        ("docker-compose.yml", ["bot", "sandbox"]),
        ("docker-compose.single.yml", ["bot"]),
    ):
        compose = yaml.safe_load((ROOT / name).read_text())
        assert list(compose["services"]) == services
        assert "STEPWISE_DATABASE_URL" not in str(compose)


def test_scale_setup_is_postgres_and_two_shards_of_the_hardened_bot() -> None:
    services = scale_services()
    postgres = services["postgres"]
    assert postgres["image"].startswith("postgres:15")
    assert postgres["volumes"][0].startswith("pgdata:")  # a named volume
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    assert postgres["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    shards = {name: s for name, s in services.items() if name.startswith("bot-shard-")}
    assert sorted(s["environment"]["STEPWISE_SHARD_IDS"] for s in shards.values()) == ["0", "1"]
    data_dirs = set()
    for shard in shards.values():
        env = shard["environment"]
        assert env["STEPWISE_SHARD_COUNT"] == "2"
        assert env["STEPWISE_DATABASE_URL"].startswith("postgresql://stepwise:${POSTGRES_PASSWORD")
        assert shard["read_only"] is True and shard["cap_drop"] == ["ALL"]
        assert not any("seccomp" in opt for opt in shard["security_opt"])  # Docker's default
        assert env["STEPWISE_SANDBOX_URL"].endswith("http://sandbox:8080}")
        assert shard["depends_on"]["postgres"]["condition"] == "service_healthy"
        data_dirs.add(next(v for v in shard["volumes"] if v.endswith(":/app/data")))
    assert len(data_dirs) == 2  # each process its own heartbeat


def test_scale_config_passes(tmp_path: Path) -> None:
    binary = compose_binary()
    if binary is None:
        pytest.skip("neither docker-compose nor the docker compose plugin is installed")
    for name in ("docker-compose.yml", "docker-compose.scale.yml", "Dockerfile"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "deploy", tmp_path / "deploy")
    (tmp_path / ".env").write_text(
        "DISCORD_TOKEN=x\nPOSTGRES_PASSWORD=abc123\nSTEPWISE_SANDBOX_SECRET=0123456789abcdef0123\n"
    )
    result = subprocess.run(
        [*binary, "-f", "docker-compose.scale.yml", "config"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rendered = yaml.safe_load(result.stdout)["services"]
    for name in ("bot-shard-0", "bot-shard-1"):
        assert rendered[name]["cap_drop"] == ["ALL"]  # extends kept the hardening
        assert rendered[name]["environment"]["STEPWISE_DATABASE_URL"].endswith(
            "abc123@postgres:5432/stepwise"
        )
