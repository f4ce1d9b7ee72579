"""Scout's configuration: the one settings class, read only at the composition root (``scout/``).

Below the root nothing reads the environment: ``Settings`` hands each layer plain values
(``chroma_connection``, ``embedding_choice``, ``openai_config``, ``slack_config``).
"""
