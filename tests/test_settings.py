import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; a deployment never would.
    full_env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="lms.settings.production",
        SECRET_KEY="x7#" + "k2Lq9Zp4Rt8Wm1Vb6Nc3Xs5Hd0Gf" * 2,
        ALLOWED_HOSTS="bridge.example.nhs.uk",
        DATABASE_URL="sqlite:////tmp/bridge-deploy-check.sqlite3",
        REDIS_URL="redis://127.0.0.1:6379/9",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_keeps_rate_limits_in_the_shared_cache():
    """Without REDIS_URL production refuses to start; with it, the limits' cache is Redis."""
    secret = "x7#" + "k2Lq9Zp4Rt8Wm1Vb6Nc3Xs5Hd0Gf" * 2
    common = {
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": secret,
        "ALLOWED_HOSTS": "bridge.example.nhs.uk",
    }
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    code = "import django; django.setup(); from django.conf import settings; " + (
        "print(settings.CACHES['default']['BACKEND'])"
    )
    refused = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**env, **common},
        timeout=120,
    )
    assert refused.returncode != 0 and "Set REDIS_URL" in refused.stderr
    shared = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**env, **common, "REDIS_URL": "redis://127.0.0.1:6379/9"},
        timeout=120,
    )
    assert shared.returncode == 0, shared.stderr
    assert shared.stdout.strip() == "django_redis.cache.RedisCache"


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**env, "DJANGO_SETTINGS_MODULE": "lms.settings.production", "SECRET_KEY": ""},
        timeout=120,
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_s3_storage_is_switched_on_by_the_environment():
    code = (
        "from django.conf import settings; p = settings.STORAGES['private']; "
        "print(p['BACKEND'], p['OPTIONS']['location'], p['OPTIONS']['default_acl'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django, os; django.setup(); {code}"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
            "S3_BUCKET": "bridge-test",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["storages.backends.s3.S3Storage", "private", "private"], (
        result.stderr
    )
