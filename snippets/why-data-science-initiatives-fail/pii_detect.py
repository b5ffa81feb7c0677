"""Find personal data in free-text support notes with Presidio, offline, then mask what it found."""

# --8<-- [start:setup]
import re
from collections import Counter

import pandas as pd
from presidio_analyzer import AnalyzerEngine, PatternRecognizer, RecognizerRegistry
from presidio_analyzer.nlp_engine import NoOpNlpEngine
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer,
    EmailRecognizer,
    IpRecognizer,
    PhoneRecognizer,
    UsSsnRecognizer,
)
from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig

from subscribers import make_subscribers

# --8<-- [end:setup]

# --8<-- [start:notes]
# Support agents type whatever a caller tells them into a free-text field.
TEMPLATES = [
    "{name} ({email}, {phone}) asked to move from {plan} to premium.",
    "Payment failed. {name} verified with SSN {ssn}, call back on {phone}.",
    "Password reset for {email}, requested from IP {ip}.",
    "Refund for {name} to card {card}.",
]
ENTITY = {
    "name": "PERSON",
    "email": "EMAIL_ADDRESS",
    "phone": "PHONE_NUMBER",
    "ssn": "US_SSN",
    "ip": "IP_ADDRESS",
    "card": "CREDIT_CARD",
}
TEST_CARDS = ["4111 1111 1111 1111", "5555 5555 5555 4444"]  # published test numbers, not real

subscribers = make_subscribers(60)
notes, planted = [], Counter()
for i, row in enumerate(subscribers.itertuples()):
    template = TEMPLATES[i % len(TEMPLATES)]
    notes.append(template.format(**row._asdict(), ip=f"203.0.113.{i}", card=TEST_CARDS[i % 2]))
    planted.update(ENTITY[field] for field in re.findall(r"{(\w+)}", template) if field in ENTITY)
print(notes[1])
#> Payment failed. Noah Rhodes verified with SSN 023-85-6485, call back on 287-083-1727.
# --8<-- [end:notes]

# --8<-- [start:detect]
# NoOpNlpEngine loads no language model, so nothing is downloaded and only recognizers that
# work from patterns run. Presidio's EmailRecognizer checks domains with tldextract, which tries
# to download the public suffix list on first use: we reuse its regex without that check.
registry = RecognizerRegistry(
    recognizers=[
        PatternRecognizer(supported_entity="EMAIL_ADDRESS", patterns=EmailRecognizer.PATTERNS),
        PhoneRecognizer(supported_regions=("US",)),
        UsSsnRecognizer(),
        CreditCardRecognizer(),
        IpRecognizer(),
        # Names need a model, or a deny list: the CRM already knows every customer's name.
        PatternRecognizer(supported_entity="PERSON", deny_list=subscribers["name"].tolist()),
    ]
)
no_model = NoOpNlpEngine(models=[{"lang_code": "en", "model_name": "none"}])
analyzer = AnalyzerEngine(registry=registry, nlp_engine=no_model)

results = [analyzer.analyze(note, language="en") for note in notes]
found = Counter(hit.entity_type for hits in results for hit in hits)
print(pd.DataFrame({"planted": planted, "found": found}).fillna(0).astype(int).sort_index())
#>                planted  found
#> CREDIT_CARD         15     15
#> EMAIL_ADDRESS       30     30
#> IP_ADDRESS          15     15
#> PERSON              45     45
#> PHONE_NUMBER        30      8
#> US_SSN              15     15
# --8<-- [end:detect]

# --8<-- [start:mask]
operators = {
    "DEFAULT": OperatorConfig("replace"),  # "<PERSON>", "<EMAIL_ADDRESS>", ...
    "US_SSN": OperatorConfig("mask", {"masking_char": "*", "chars_to_mask": 7, "from_end": False}),
    "CREDIT_CARD": OperatorConfig(
        "mask", {"masking_char": "*", "chars_to_mask": 15, "from_end": False}
    ),
}
anonymizer = AnonymizerEngine()
for note, hits in zip(notes[:4], results[:4], strict=True):
    print(anonymizer.anonymize(text=note, analyzer_results=hits, operators=operators).text)
    #> <PERSON> (<EMAIL_ADDRESS>, <PHONE_NUMBER>) asked to move from standard to premium.
    #> Payment failed. <PERSON> verified with SSN *******6485, call back on 287-083-1727.
    #> Password reset for <EMAIL_ADDRESS>, requested from IP <IP_ADDRESS>.
    #> Refund for <PERSON> to card ***************4444.
# --8<-- [end:mask]
