"""CloudWatch alarms on the metrics the app emits (shop/observability/metrics.py names them like
AppSync): 5XX error rate, p99 latency, and DynamoDB throttling on the shop's tables.

Alarms are found by name; a fingerprint at the end of the description tells whether the definition
changed since the last provision (PutMetricAlarm itself would overwrite silently).
"""

from __future__ import annotations

import hashlib
import json

from deploy.config import Names, env
from deploy.report import Report
from storage.dynamodb.tables import DEFINITIONS, table_name

MARK = " [deploy:"


def _stat(metric_id: str, namespace: str, metric: str, dimensions: dict[str, str], period: int) -> dict:
    return {"Id": metric_id, "ReturnData": False, "MetricStat": {"Period": period, "Stat": "Sum", "Metric": {
        "Namespace": namespace, "MetricName": metric,
        "Dimensions": [{"Name": key, "Value": value} for key, value in dimensions.items()]}}}


def alarm_definitions(names: Names) -> list[dict]:
    """PutMetricAlarm arguments (without the fingerprint) for every alarm."""
    service = {"Service": names.service}
    actions = [arn for arn in [env("ALARM_TOPIC_ARN")] if arn]
    common = {"ActionsEnabled": bool(actions), "AlarmActions": actions, "OKActions": actions,
              "TreatMissingData": "notBreaching"}
    throttles = [
        _stat(f"t{index}{kind[0].lower()}", "AWS/DynamoDB", f"{kind}ThrottleEvents",
              {"TableName": table_name(logical)}, 60)
        for index, logical in enumerate(DEFINITIONS) for kind in ("Read", "Write")
    ]
    return [
        {**common, "AlarmName": f"{names.stack}-5xx-error-rate",
         "AlarmDescription": "More than ALARM_5XX_PERCENT % of requests answered 5XX (metric 5XXError / Requests).",
         "Metrics": [
             _stat("errors", names.namespace, "5XXError", service, 300),
             _stat("requests", names.namespace, "Requests", service, 300),
             {"Id": "rate", "Expression": "100 * errors / requests", "Label": "5XX error rate (%)", "ReturnData": True},
         ],
         "Threshold": float(env("ALARM_5XX_PERCENT", "5")), "ComparisonOperator": "GreaterThanThreshold",
         "EvaluationPeriods": 3, "DatapointsToAlarm": 2},
        {**common, "AlarmName": f"{names.stack}-p99-latency",
         "AlarmDescription": "p99 request latency above ALARM_P99_LATENCY_MS (metric Latency).",
         "Namespace": names.namespace, "MetricName": "Latency",
         "Dimensions": [{"Name": "Service", "Value": names.service}], "ExtendedStatistic": "p99",
         "Period": 300, "Unit": "Milliseconds", "Threshold": float(env("ALARM_P99_LATENCY_MS", "1500")),
         "ComparisonOperator": "GreaterThanThreshold", "EvaluationPeriods": 3, "DatapointsToAlarm": 2},
        {**common, "AlarmName": f"{names.stack}-dynamodb-throttles",
         "AlarmDescription": "DynamoDB throttled reads or writes on the shop's tables.",
         "Metrics": [*throttles, {"Id": "throttles", "Expression": "SUM(METRICS())", "Label": "Throttle events",
                                  "ReturnData": True}],
         "Threshold": 0.0, "ComparisonOperator": "GreaterThanThreshold",
         "EvaluationPeriods": 5, "DatapointsToAlarm": 2},
    ]


def _fingerprint(definition: dict) -> str:
    return hashlib.sha256(json.dumps(definition, sort_keys=True).encode()).hexdigest()[:12]


def ensure_alarms(cloudwatch, names: Names, report: Report) -> None:
    definitions = alarm_definitions(names)
    existing = {alarm["AlarmName"]: alarm for alarm in cloudwatch.describe_alarms(
        AlarmNames=[definition["AlarmName"] for definition in definitions])["MetricAlarms"]}
    for definition in definitions:
        name = definition["AlarmName"]
        mark = f"{MARK}{_fingerprint(definition)}]"
        current = existing.get(name)
        if current and current.get("AlarmDescription", "").endswith(mark):
            report.unchanged("cloudwatch alarm", name)
            continue
        (report.changed if current else report.created)("cloudwatch alarm", name)
        if not report.dry_run:
            cloudwatch.put_metric_alarm(**{**definition, "AlarmDescription": definition["AlarmDescription"] + mark})
