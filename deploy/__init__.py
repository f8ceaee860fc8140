"""AWS adapters: provisioning, static files to S3 + CloudFront, and the gunicorn configuration (uvicorn workers)."""
