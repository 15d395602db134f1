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
# YAML version -> plain scalar text -> its implicit tag. Bounded: short texts only (keys, enum values, small
# numbers), and no new entries past _MEMO_SIZE, so hostile or huge folders cannot grow it without limit.
_PLAIN_TAGS: dict[str, dict[str, Any]] = {}
_RULES: dict[str, Any] = {}  # YAML version -> its implicit-type rules, built once
_MEMO_TEXT = 40
_MEMO_SIZE = 20_000


class Resolver(VersionedResolver):
    """The stock resolver for the C loader, with its rules looked up once per document, not per scalar.

    The stock look-up of the YAML version fails over two AttributeErrors for every scalar with the C
    parser. The C loader makes a new resolver for each document, so the cached rules never go stale;
    the pure-Python loader keeps one for all documents, so it must keep the stock resolver.
    """

    @property
    def versioned_resolver(self) -> Any:
        """The implicit-type rules of the document's YAML version (cached on this per-document resolver).

        The stock property builds the rules anew for each resolver, so for each document: they depend only
        on the version, so every document of a version shares one set (never changed: see _plain_tag).
        """
        rules = self.__dict__.get("_kasales_rules")
        if rules is None:
            version = repr(self.processing_version)
            rules = _RULES.get(version)
            if rules is None:
                rules = _RULES[version] = super().versioned_resolver
            self.__dict__["_kasales_rules"] = rules
        return rules

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        """The tag of a node: the stock rules, with a short path for plain scalars (most of a profile).

        Keys and enum values repeat across every profile: their tags are remembered (the implicit rules
        depend only on the text and the YAML version, and the C loader's documents are all YAML 1.2).
        """
        if self.yaml_path_resolvers:  # never set by kasales: the stock rules then
            return super().resolve(kind, value, implicit)
        if kind is MappingNode:  # what the stock rules give a collection without path resolvers
            return self.DEFAULT_MAPPING_TAG
        if kind is SequenceNode:
            return self.DEFAULT_SEQUENCE_TAG
        if kind is ScalarNode and implicit[0]:
            memo = self.__dict__.get("_kasales_memo")
            if memo is None:  # once per document: the version look-up is the slow part
                memo = self.__dict__["_kasales_memo"] = _PLAIN_TAGS.setdefault(repr(self.processing_version), {})
            tag = memo.get(value)
            if tag is None:
                tag = self._plain_tag(value)
                if len(value) <= _MEMO_TEXT and len(memo) < _MEMO_SIZE:
                    memo[value] = tag
            return tag
        return super().resolve(kind, value, implicit)

    def _plain_tag(self, value: str) -> Any:
        """The implicit tag of a plain scalar by the stock rules of the document's YAML version."""
        rules = self.versioned_resolver
        candidates = rules.get(value[0] if value else "", [])
        if None in rules:  # rules for any first character (none in YAML 1.2): a new list, never the stored one
            candidates = candidates + rules[None]
        for tag, regexp in candidates:
            if regexp.match(value):
                return _TAGS.get(tag) or _TAGS.setdefault(tag, Tag(suffix=tag))
        return self.DEFAULT_SCALAR_TAG


class _Unsupported(Exception):
    """A node this builder leaves to the stock constructor."""


def load(yaml: YAML, text: str) -> Any:
    """``yaml.load(text)`` for one document, faster when it is plain; raises what ``yaml.load`` raises."""
    if CParser is None or yaml.Parser is not CParser or "&" in text:  # anchors share nodes: keep stock
        return yaml.load(text)
    loader = parser = _loader_class(yaml)(text)
    try:
        node = loader.get_single_node()  # syntax and document errors are raised here, as in yaml.load
        _LAST[:] = text, node
        return None if node is None else _builder(loader)(node, 0)
    except _Unsupported:
        pass
    finally:
        parser.dispose()
    return yaml.load(text)


# The text and node tree of the last document load() composed in this process: a worker parses a file,
# scores it and renders it in turn, so the renderer finds each field's line in the one parse (last_tree).
_LAST: list[Any] = [None, None]


def last_tree(text: str) -> Any:
    """The node tree (0-based marks) of ``text`` if it is the last document :func:`load` composed here, else None.

    Equal text, equal tree: a file that changed since it was loaded gets None and is composed again.
    """
    return _LAST[1] if _LAST[0] == text else None


_CLASSES: dict[tuple[Any, ...], type] = {}


def _loader_class(yaml: YAML) -> Any:
    """The C loader class ruamel.yaml would define anew for every document, defined once per set of parts."""
    parts = (yaml.Constructor, yaml.Resolver, yaml.version, yaml.allow_duplicate_keys)
    found = _CLASSES.get(parts)
    if found is not None:
        return found
    constructor, resolver, version, duplicates = parts

    class Loader(CParser, constructor, resolver):  # type: ignore[misc, valid-type]
        """What ``YAML.get_constructor_parser`` builds for the C parser, as one class."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            self._parser = self._composer = self
            constructor.__init__(self, loader=self)
            self.allow_duplicate_keys = duplicates
            resolver.__init__(self, version=version, loadumper=self)

    _CLASSES[parts] = Loader
    return Loader


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
