"""Spanish sentence boundaries for a reply that arrives in pieces: what may be shown once it is complete."""

from __future__ import annotations

import pytest

from agente_vendedor.language.sentences import SentenceSplitter, split_sentences


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("El casco cuesta $1.250.000. ¿Lo quiere?", ["El casco cuesta $1.250.000. ", "¿Lo quiere?"]),
        ("Somos Dotaciones S.A.S. y vendemos al por mayor.", ["Somos Dotaciones S.A.S. y vendemos al por mayor."]),
        ("Le vende Dotaciones S.A.S. Tenemos cascos.", ["Le vende Dotaciones S.A.S. ", "Tenemos cascos."]),
        ("Estamos en la Cra. 7 No. 5-20. Venga.", ["Estamos en la Cra. 7 No. 5-20. ", "Venga."]),
        ("¿Tienen talla 44? No. Solo hasta 42.", ["¿Tienen talla 44? ", "No. ", "Solo hasta 42."]),
        ("Hable con el Sr. Pérez o la Ing. Ruiz. Gracias.", ["Hable con el Sr. Pérez o la Ing. Ruiz. ", "Gracias."]),
        ("Tarda aprox. 3 días, p. ej. el lunes.", ["Tarda aprox. 3 días, p. ej. el lunes."]),
        ("Pesa 1.5 kg y mide 2,5 m. ¡Genial!", ["Pesa 1.5 kg y mide 2,5 m. ", "¡Genial!"]),
        ("¡Claro! ¿Cuántos necesita?", ["¡Claro! ", "¿Cuántos necesita?"]),
        ("¿Le sirve? ¡Avíseme!", ["¿Le sirve? ", "¡Avíseme!"]),
        (
            "Abrimos de 7:30 a. m. a 5:30 p. m. Domingos cerrado.",
            ["Abrimos de 7:30 a. m. a 5:30 p. m. ", "Domingos cerrado."],
        ),
        ("Mire www.dotaciones.co. Listo", ["Mire www.dotaciones.co. ", "Listo"]),
        ("Pues... no sé. Dígame.", ["Pues... no sé. ", "Dígame."]),
        (
            "Opciones:\n• Casco — $38.000\n• Guante — $7.500",
            ["Opciones:\n", "• Casco — $38.000\n", "• Guante — $7.500"],
        ),
        ('Dijo "listo." Y se fue.', ['Dijo "listo." ', "Y se fue."]),
    ],
)
def test_whole_text_sentences(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences
    assert "".join(sentences) == text


def test_streamed_pieces_give_the_same_sentences_as_soon_as_they_are_sure() -> None:
    text = "El casco cuesta $1.250.000. ¿Lo quiere? Somos S.A.S. Tenemos No. 5 y más."
    splitter = SentenceSplitter()
    got: list[tuple[int, str]] = []
    for index, char in enumerate(text):  # one character at a time: the worst a stream can do
        got.extend((index, sentence) for sentence in splitter.feed(char))
    rest = splitter.close()
    assert [sentence for _, sentence in got] + [rest] == split_sentences(text)
    # "$1.250.000." ends a sentence as soon as a space follows it; "S.A.S." only once the next word shows it does
    assert got[0] == (text.index("¿") - 1, "El casco cuesta $1.250.000. ")
    assert (text.index("Tenemos"), "Somos S.A.S. ") in got


def test_a_dot_at_the_end_of_a_piece_waits_for_what_follows() -> None:
    splitter = SentenceSplitter()
    assert list(splitter.feed("Vale $1.")) == []
    assert list(splitter.feed("250.000 la unidad. ")) == ["Vale $1.250.000 la unidad. "]
    assert list(splitter.feed("¿Cuántos? Somos No. ")) == ["¿Cuántos? "]
    assert list(splitter.feed("5 en ventas.")) == []
    assert splitter.close() == "Somos No. 5 en ventas."
