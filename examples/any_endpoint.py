"""Extract events through any OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, llama.cpp).

export OPENAI_API_KEY=...            # not needed for most local servers
python examples/any_endpoint.py https://api.openai.com/v1 gpt-4o-mini
python examples/any_endpoint.py http://localhost:11434/v1 qwen2.5:7b-instruct
"""

import sys

from diplo_extract import extract

base_url, model = sys.argv[1], sys.argv[2]
text = (
    "BRUSSELS, 13 June 2024. The EU's Enrique Mora and Azerbaijan's Hikmet Hajiyev met in "
    "Brussels on Thursday for the fifth EU-Azerbaijan Security Dialogue."
)
result = extract(text, article_id="demo", base_url=base_url, model=model, cache_mode="off")
print(result.model_dump_json(indent=2))
