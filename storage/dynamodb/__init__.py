"""DynamoDB backend: boto3's low-level client, one TransactWriteItems per unit-of-work commit."""

from storage.dynamodb.unit_of_work import DynamoUnitOfWork

__all__ = ["DynamoUnitOfWork"]
