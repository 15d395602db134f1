"""Build plain YAML documents straight from the C parser's node tree: same data, a third less load time.

ruamel.yaml's safe constructor handles every YAML feature through a generic, generator-based path. A
profile uses few of them: mappings with string keys, lists, strings, and a few numbers, dates and
booleans. For those this module builds the data directly and hands each typed scalar to the stock
constructor; at the first node it does not handle (an anchor, a merge key, an explicit tag on a
collection, a duplicate or non-string key, deep nesting) it gives up and the stock loader runs, so
the result - data or error - is always exactly what ``YAML(typ="safe").load`` returns.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.tag import Tag

try:
    from ruamel.yaml.cyaml import CParser
except ImportError:  # pragma: no cover - depends on the platform
    CParser = None

# One Tag object per implicit type (int, bool, ...), shared by every node: a Tag computes its text once,
# slowly, and nothing mutates a resolved tag (only the pure parser's explicit tags are transformed).
_TAGS: dict[str, Tag] = {}
FAST_DEPTH = 32  # profiles nest about 5 levels; deeper documents take the stock path and its checks


class Resolver(VersionedResolver):
    """The stock resolver for the C loader, with its rules looked up once per document, not per scalar.

    The stock look-up of the YAML version fails over two AttributeErrors for every scalar with the C
    parser. The C loader makes a new resolver for each document, so the cached rules never go stale;
    the pure-Python loader keeps one for all documents, so it must keep the stock resolver.
    """

    @property
    def versioned_resolver(self) -> Any:
        """The implicit-type rules of the document's YAML version (cached on this per-document resolver)."""
        rules = self.__dict__.get("_kasales_rules")
        if rules is None:
            rules = self.__dict__["_kasales_rules"] = super().versioned_resolver
        return rules

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        """The tag of a node: the stock rules, with a short path for plain scalars (most of a profile)."""
        if kind is ScalarNode and implicit[0] and not self.yaml_path_resolvers:
            rules = self.versioned_resolver
            candidates = rules.get(value[0] if value else "", [])
            if None in rules:  # rules for any first character (none in YAML 1.2): a new list, never the stored one
                candidates = candidates + rules[None]
            for tag, regexp in candidates:
                if regexp.match(value):
                    return _TAGS.get(tag) or _TAGS.setdefault(tag, Tag(suffix=tag))
            return self.DEFAULT_SCALAR_TAG
        return super().resolve(kind, value, implicit)


class _Unsupported(Exception):
    """A node this builder leaves to the stock constructor."""


def load(yaml: YAML, text: str) -> Any:
    """``yaml.load(text)`` for one document, faster when it is plain; raises what ``yaml.load`` raises."""
    if CParser is None or yaml.Parser is not CParser or "&" in text:  # anchors share nodes: keep stock
        return yaml.load(text)
    loader, parser = yaml.get_constructor_parser(text)
    try:
        node = loader.get_single_node()  # syntax and document errors are raised here, as in yaml.load
        return None if node is None else _builder(loader)(node, 0)
    except _Unsupported:
        pass
    finally:
        parser.dispose()
    return yaml.load(text)


def _builder(loader: Any) -> Any:
    """A function turning a node into data; strings, lists and mappings here, typed scalars via ``loader``."""
    plain, mapping, sequence = loader.DEFAULT_SCALAR_TAG, loader.DEFAULT_MAPPING_TAG, loader.DEFAULT_SEQUENCE_TAG
    constructors = loader.yaml_constructors

    typed: dict[int, Any] = {}  # id of a tag object -> its constructor; the tree keeps every tag alive

    def scalar(node: Any) -> Any:
        construct = typed.get(id(node.ctag))
        if construct is None:  # int, float, bool, null, timestamp: plain functions
            construct = typed[id(node.ctag)] = constructors.get(node.tag)
        if construct is None:  # a merge key as a value, an unknown tag: the stock loader says what is wrong
            raise _Unsupported
        return construct(loader, node)

    def build(node: Any, depth: int) -> Any:
        kind, tag = type(node), node.ctag
        if kind is ScalarNode:
            # the resolver hands out its default tag object for every untyped scalar
            return node.value if tag is plain else scalar(node)
        if depth >= FAST_DEPTH:
            raise _Unsupported
        if kind is MappingNode and tag is mapping:
            data: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if type(key_node) is not ScalarNode or key_node.ctag is not plain:  # merge keys, typed keys
                    raise _Unsupported
                key = key_node.value
                if key in data:  # the stock loader reports duplicates with their position
                    raise _Unsupported
                data[key] = build(value_node, depth + 1)
            return data
        if kind is SequenceNode and tag is sequence:
            return [build(item, depth + 1) for item in node.value]
        raise _Unsupported

    return build
