from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from catalog.services import search_reindex
from core.errors import ShopError
from core.locks import exclusive


class Command(BaseCommand):
    help = ("Write every product's search words again (after the upgrade that brought search to an existing "
            "catalog, or a change to the matching rule). Run it while nobody edits the catalog.")

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")

    def handle(self, *args, no_progress: bool, **options):
        with tqdm(unit="product", disable=no_progress, file=self.stderr._out) as bar:
            try:
                with exclusive("reindex_search"):
                    done = search_reindex(progress=bar.update)
            except ShopError as error:
                raise CommandError(error.message) from None
        self.stdout.write(self.style.SUCCESS(f"Indexed the words of {done} products for search."))
