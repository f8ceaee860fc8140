"""gunicorn settings for `make run` and production; bind and workers come from the environment.

Logs: the access log is JSON on stdout (deploy/gunicorn_logging.py), the app logs JSON on stdout
through Django's LOGGING, so one log stream holds both.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND") or f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", min(4, multiprocessing.cpu_count() * 2 + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
# Behind a load balancer, idle keep-alive connections must outlive the balancer's (ALB: 60 s).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))  # recycle workers if set
max_requests_jitter = max_requests // 10
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG", "1") != "0" else None
errorlog = "-"
logger_class = "deploy.gunicorn_logging.JsonAccessLogger"
