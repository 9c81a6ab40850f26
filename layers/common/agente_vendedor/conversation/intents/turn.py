"""What a message handler receives (`Turn`) and returns (`HandlerResult`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from agente_vendedor.commerce.company import company_sections
from agente_vendedor.commerce.customer_mentions import find_customer_mentions
from agente_vendedor.conversation.classifier import Classification, DialogueState
from agente_vendedor.conversation.company_knowledge import CompanyAnswer, answer_from_sections, company_topic_score
from agente_vendedor.conversation.product_requests import ProductRequest, product_requests
from agente_vendedor.conversation.replies import Voice
from agente_vendedor.conversation.sale_flow import Offer
from agente_vendedor.conversation.understanding import PlanInputs
from agente_vendedor.db.models import CompanySection, Order, Product
from agente_vendedor.language.customer_data import mask_customer_data
from agente_vendedor.language.normalization import normalize
from agente_vendedor.language.spanish_words import COMMON_WORDS
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

    def asks_company_policy(self, message: str) -> bool:
        """A question about a policy the company's own sections cover (shipping, warranty, returns, norms…)."""
        match = company_topic_score(self.company_sections(), message)
        if not match.is_company:
            return False
        describes_a_need = bool(self.retrieval().interpretation.get("necesidades"))
        return match.policy or (not describes_a_need and self._words_only_the_company_uses(message))

    def _words_only_the_company_uses(self, message: str) -> bool:
        """The message's distinctive words are in the company's sections and nowhere in the catalogue ("la prueba
        hidrostática", "visitas a la empresa"): it asks about the company, whatever product it names."""
        company_text = set(normalize(" ".join(f"{s.titulo} {s.contenido}" for s in self.company_sections())).split())
        words = [w for w in normalize(mask_customer_data(message)).split() if len(w) >= 5 and w not in COMMON_WORDS]
        vocabulary = catalog_vocabulary(self.session)
        return any(w in company_text and not vocabulary.df(w) and w not in vocabulary.name_df for w in words)

    def names_known_customer(self, message: str) -> bool:
        return any(m.score >= 0.6 for m in find_customer_mentions(self.session, message))

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


def product_facts(products: list[Product]) -> list[dict[str, Any]]:
    return [
        {"sku": p.sku, "nombre": p.nombre, "precio": p.precio, "stock": p.stock, "marca": p.marca,
         "descripcion": p.descripcion[:300]}
        for p in products
    ]  # fmt: skip
