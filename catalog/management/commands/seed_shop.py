from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from catalog.seeding import seed_demo_catalog
from core.errors import ShopError
from core.locks import exclusive

MAX_PRODUCTS = 100_000


class Command(BaseCommand):
    help = "Create the demo catalog (idempotent): 6 categories and --products products."

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=60, help=f"How many products (1-{MAX_PRODUCTS}).")
        parser.add_argument("--reset", action="store_true", help="Delete all shop data first.")
        parser.add_argument("--if-empty", action="store_true",
                            help="Do nothing if the shop has any category (what `make run` uses).")
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")

    def handle(self, *args, products: int, reset: bool, if_empty: bool, no_progress: bool, **options):
        if not 1 <= products <= MAX_PRODUCTS:
            raise CommandError(f"--products must be between 1 and {MAX_PRODUCTS}.")
        with tqdm(total=products, unit="product", disable=no_progress, file=self.stderr._out) as bar:
            try:
                # One seeder at a time across instances: the second one then finds the shop seeded.
                with exclusive("seed_shop"):
                    created = seed_demo_catalog(products=products, reset=reset, if_empty=if_empty,
                                                progress=bar.update)
            except ShopError as error:
                raise CommandError(error.message) from None
        self.stdout.write(self.style.SUCCESS(
            f"Seeded the demo catalog: {created['categories']} categories and {created['products']} products "
            f"created ({products} products in the demo set)."
        ))
