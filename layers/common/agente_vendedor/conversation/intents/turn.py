"""What a message handler receives (`Turn`) and returns (`HandlerResult`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from agente_vendedor.commerce.company import company_sections
from agente_vendedor.commerce.customer_mentions import find_customer_mentions, name_words
from agente_vendedor.conversation.classifier import NAMES_A_CUSTOMER, ONLY_A_CUSTOMER, Classification, DialogueState
from agente_vendedor.conversation.company_knowledge import (
    CompanyAnswer,
    answer_from_sections,
    asks_about_company,
    company_only_terms,
    company_topic_score,
    topics,
)
from agente_vendedor.conversation.product_requests import ProductRequest, names_kind, product_requests
from agente_vendedor.conversation.replies import Voice
from agente_vendedor.conversation.sale_flow import Offer
from agente_vendedor.conversation.understanding import PlanInputs
from agente_vendedor.db.models import CompanySection, Order, Product
from agente_vendedor.language.customer_data import mask_customer_data
from agente_vendedor.language.normalization import normalize
from agente_vendedor.language.speech_acts import is_question
from agente_vendedor.schemas.chat import MessageType, Tone
from agente_vendedor.schemas.turn_plan import TurnPlan
from agente_vendedor.search.retrieval import RetrievalResult, retrieve
from agente_vendedor.search.vocabulary import catalog_vocabulary


@dataclass
class Turn:
    """One customer message in its conversation. Retrieval results are computed once, on first use."""

    session: Session
    chat_id: str
    message: str
    tono: Tone
    staff: bool
    state: DialogueState
    open_order: Order | None
    offer: Offer | None = None  # what the agent proposed last turn
    last_products: list[str] = field(default_factory=list)  # SKUs the previous answer showed, in order
    classification: Classification | None = None
    plan: TurnPlan | None = None  # the validated turn plan (set by the pipeline before the handler runs)
    _retrieval: RetrievalResult | None = None
    _requests: list[ProductRequest] | None = None
    _company: CompanyAnswer | None = None
    _plan_inputs: PlanInputs | None = None
    _sections: list[CompanySection] | None = None
    _asks_company: dict[str, bool] = field(default_factory=dict)  # `asks_company_policy`, once per text

    @property
    def voice(self) -> Voice:
        return Voice(self.tono, f"{self.chat_id}|{self.message}")

    def retrieval(self) -> RetrievalResult:
        """`retrieval.retrieve(...)` for this message: products (best first), in-stock alternatives, interpretation."""
        if self._retrieval is None:
            self._retrieval = retrieve(self.session, self.message, limit=5)
        return self._retrieval

    def company_sections(self) -> list[CompanySection]:
        """The company's knowledge, read once per turn."""
        if self._sections is None:
            self._sections = company_sections(self.session)
        return self._sections

    def company_answer(self) -> CompanyAnswer:
        """The company sections that answer this message (possibly none)."""
        if self._company is None:
            self._company = answer_from_sections(self.company_sections(), self.message)
        return self._company

    def company_answer_on(self, topic: str | None) -> CompanyAnswer:
        """The sections that answer this message read as asking about `topic` (its words added to the message's);
        the message's own answer when there is no topic."""
        words = next((t.lemmas for t in topics() if t.name == topic), None)
        if not words:
            return self.company_answer()
        return self.company_answer_with(" ".join(sorted(words)))

    def company_answer_with(self, words: str) -> CompanyAnswer:
        """The sections that answer this message read with `words` added to it."""
        return answer_from_sections(self.company_sections(), f"{self.message} ({words})")

    def asks_company_policy(self, message: str) -> bool:
        """A question about something the company's own sections cover (shipping, warranty, norms, the services it
        performs on products…), whatever product it names: a policy word, the words only the company uses, or
        words product names do not explain that a section does (`company_knowledge.asks_about_company`)."""
        if message not in self._asks_company:
            self._asks_company[message] = self._asks_company_now(message)
        return self._asks_company[message]

    def _asks_company_now(self, message: str) -> bool:
        sections = self.company_sections()
        if not sections:
            return False
        match = company_topic_score(sections, message)
        # a need told, not asked ("manejo el tractor al mediodía y el resplandor no me deja ver"), is about
        # products whatever policy word it holds
        told_need = not is_question(message) and self._describes_need()
        if (
            match.is_company
            and not told_need
            and (match.policy or (not self._describes_need() and self._words_only_the_company_uses(message)))
        ):
            return True
        words = [w for w in normalize(mask_customer_data(message)).split() if len(w) >= 3 and not w.isdigit()]
        vocabulary = catalog_vocabulary(self.session, words)
        return asks_about_company(
            sections,
            message,
            names_use=vocabulary.names_use,
            catalogue_uses=lambda word: vocabulary.df(word) > 0 or vocabulary.names_use(word),
            names_product=lambda: any(names_kind(p, message) for p in self.retrieval().products[:3]),
            describes_need=self._describes_need,
        )

    def _describes_need(self) -> bool:
        """The catalogue search read a need in the message ("algo que aguante el frío"): products answer it."""
        return bool(self.retrieval().interpretation.get("necesidades"))

    def _words_only_the_company_uses(self, message: str) -> bool:
        """The message's distinctive words are in the company's sections and nowhere in the catalogue ("la prueba
        hidrostática", "las visitas a la planta"): it asks about the company, whatever product it names."""
        words, _ = self._company_only_terms(message)
        return bool(words)

    def _company_only_terms(self, message: str) -> tuple[list[str], list[str]]:
        vocabulary = catalog_vocabulary(self.session)
        return company_only_terms(
            self.company_sections(),
            mask_customer_data(message),
            catalogue_uses=lambda w: bool(vocabulary.df(w)) or w in vocabulary.name_df,
        )

    def names_known_customer(self, message: str) -> float:
        """How a staff member's message names a stored customer: `ONLY_A_CUSTOMER` when it says nothing but the
        name (or document), `NAMES_A_CUSTOMER` when it names one among other words, 0 otherwise. An anonymous chat
        never reads the customers table: its answer must not tell whether a name or a document belongs to one."""
        if not self.staff:
            return 0.0
        named = [m for m in find_customer_mentions(self.session, message) if m.score >= 0.6]
        if not named:
            return 0.0
        said = set(name_words(message))  # legal forms and function words aside ("… S.A.S.", "de")
        return ONLY_A_CUSTOMER if any(said <= set(m.palabras) for m in named) else NAMES_A_CUSTOMER

    def plan_inputs(self) -> PlanInputs:
        """What understanding reads, built once per turn (it caches the sale requests and the customer's data)."""
        if self._plan_inputs is None:
            self._plan_inputs = PlanInputs(
                self.session, self.message, self.open_order, self.offer, self.last_products, self.requests,
                self.retrieval,
            )  # fmt: skip
        return self._plan_inputs

    def requests(self) -> list[ProductRequest]:
        """Products named in the message with their quantities."""
        if self._requests is None:
            self._requests = product_requests(self.session, self.message)
        return self._requests


@dataclass
class HandlerResult:
    tipo: MessageType
    borrador: str
    productos: list[Product] = field(default_factory=list)
    order: Order | None = None  # the order to report (open, or closed/cancelled in this turn)
    fuentes: list[str] = field(default_factory=list)
    hechos: dict[str, Any] = field(default_factory=dict)
    numeros: set[int] = field(default_factory=set)
    offer: Offer | None = None
    metadatos: dict[str, Any] = field(default_factory=dict)
    # Whether the answer helped: False when it found nothing (no product, no company section, not understood).
    ayudo: bool = True
    # The order waits on a staff decision (`db.models.ATTENTION_REASONS`): stock short at closing, or a sale whose
    # customer data differ from the stored record.
    atencion: str | None = None


def product_facts(products: list[Product]) -> list[dict[str, Any]]:
    return [
        {"sku": p.sku, "nombre": p.nombre, "precio": p.precio, "stock": p.stock, "marca": p.marca,
         "descripcion": p.descripcion[:300]}
        for p in products
    ]  # fmt: skip
