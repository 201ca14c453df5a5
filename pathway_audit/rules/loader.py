"""Load rule packs: the core pack shipped with the package plus any council packs on top.

A council pack is a YAML file (or a folder of them) with any of these keys:

- ``pack``: ``{name, version, extends}``; ``extends`` is ``core`` (default) or a path to another pack.
- ``vocabulary``: additions to the word lists. A list adds words; ``{add, remove, replace}`` says exactly.
- ``scoring``: values that replace the core scoring values.
- ``rules``: new rules (full definitions) or changes to core rules (same ``id``, only the keys that change;
  ``params`` are merged key by key).
- ``disable``: ids of rules to switch off.
"""

from __future__ import annotations

import copy
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..errors import RulePackError
from .schema import RuleSet

CORE = "core"
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader when PyYAML has it: 10x faster


def core_pack_dir() -> Path:
    """Folder of the core pack inside the installed package."""
    return Path(str(resources.files("pathway_audit.rulepacks") / CORE))


def load_ruleset(packs: tuple[str | Path, ...] | list[str | Path] = ()) -> RuleSet:
    """The core pack with each given pack applied in order, validated."""
    data = _resolve(core_pack_dir(), set())
    names = [CORE]
    for pack in packs:
        layer = _resolve(Path(pack), {str(core_pack_dir())})
        data = merge_pack(data, layer, str(pack))
        names.append(str(pack))
    return _validate(data, names)


def _resolve(path: Path, seen: set[str]) -> dict[str, Any]:
    """Read a pack and, if it extends another pack that is not core, that pack first."""
    key = str(path.resolve())
    if key in seen:
        raise RulePackError(f"{path}: packs extend each other in a loop.")
    seen.add(key)
    layer = read_pack(path)
    parent = (layer.get("pack") or {}).get("extends", CORE)
    if parent in (CORE, None) or path == core_pack_dir():
        return layer
    base = _resolve((path.parent if path.is_file() else path) / parent, seen)
    return merge_pack(base, layer, str(path))


def read_pack(path: Path) -> dict[str, Any]:
    """Read one pack file, or every .yaml file in a pack folder, into one mapping."""
    if not path.exists():
        raise RulePackError(f"Rule pack not found: {path}")
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    merged: dict[str, Any] = {}
    for file in files:
        try:
            content = yaml.load(file.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
        except yaml.YAMLError as exc:
            raise RulePackError(f"{file}: not valid YAML ({exc.__class__.__name__}).") from exc
        if not isinstance(content, dict):
            raise RulePackError(f"{file}: a rule pack must be a mapping of keys.")
        for key, value in content.items():
            if key == "rules":
                merged.setdefault("rules", []).extend(value or [])
            elif key in merged and isinstance(value, dict):
                merged[key] = {**merged[key], **value}
            else:
                merged[key] = value
    return merged


def merge_pack(base: dict[str, Any], layer: dict[str, Any], where: str) -> dict[str, Any]:
    """Apply a pack layer on top of a base pack."""
    unknown = set(layer) - {"pack", "vocabulary", "scoring", "rules", "disable"}
    if unknown:
        raise RulePackError(f"{where}: unknown keys {sorted(unknown)}.")
    out = copy.deepcopy(base)
    if "pack" in layer:
        out["pack"] = {**out.get("pack", {}), **{k: v for k, v in layer["pack"].items() if k != "extends"}}
    out["vocabulary"] = _merge_vocab(out.get("vocabulary", {}), layer.get("vocabulary") or {}, where)
    out["scoring"] = {**out.get("scoring", {}), **(layer.get("scoring") or {})}
    rules = {r["id"]: r for r in out.get("rules", [])}
    for rule in layer.get("rules") or []:
        if not isinstance(rule, dict) or "id" not in rule:
            raise RulePackError(f"{where}: every rule needs an id.")
        if rule["id"] in rules:
            old = rules[rule["id"]]
            rules[rule["id"]] = {**old, **rule, "params": {**old.get("params", {}), **rule.get("params", {})}}
        else:
            rules[rule["id"]] = rule
    disabled = list(out.get("disable", []))
    for rule_id in layer.get("disable") or []:
        if rule_id not in rules:
            raise RulePackError(f"{where}: cannot disable unknown rule '{rule_id}'.")
        disabled.append(rule_id)
    out["rules"] = list(rules.values())
    out["disable"] = disabled
    return out


def _merge_vocab(base: dict[str, Any], layer: dict[str, Any], where: str) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in layer.items():
        if isinstance(value, list) or _is_list_edit(value):
            out[key] = _edit_list(out.get(key, []), value, f"{where}: vocabulary.{key}")
        elif isinstance(value, dict):
            out[key] = _merge_vocab(out.get(key, {}), value, f"{where}.{key}")
        else:
            out[key] = value
    return out


def _is_list_edit(value: Any) -> bool:
    return isinstance(value, dict) and bool(value) and set(value) <= {"add", "remove", "replace"}


def _edit_list(current: list[Any], edit: Any, where: str) -> list[Any]:
    if isinstance(edit, list):
        edit = {"add": edit}
    result = list(edit["replace"]) if "replace" in edit else list(current)
    result += [w for w in edit.get("add", []) if w not in result]
    missing = [w for w in edit.get("remove", []) if w not in result]
    if missing:
        raise RulePackError(f"{where}: cannot remove {missing}; they are not in the list.")
    return [w for w in result if w not in set(edit.get("remove", []))]


def _validate(data: dict[str, Any], names: list[str]) -> RuleSet:
    from .detectors import check_params

    meta = data.get("pack") or {}
    disabled = set(data.get("disable", []))
    try:
        ruleset = RuleSet(name=meta.get("name", CORE), version=str(meta.get("version", "0")),
                          packs=tuple(names), vocabulary=data.get("vocabulary"), scoring=data.get("scoring"),
                          rules=[r for r in data.get("rules", []) if r.get("id") not in disabled],
                          disabled=tuple(sorted(disabled)))
    except ValidationError as exc:
        raise RulePackError(_explain(exc, data)) from exc
    ids = [r.id for r in ruleset.rules]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise RulePackError(f"Rule ids are used twice: {sorted(dupes)}.")
    for rule in ruleset.rules:
        check_params(rule, ruleset.vocabulary)
    return ruleset


def _explain(exc: ValidationError, data: dict[str, Any]) -> str:
    """Name the rule and field for each validation problem."""
    lines = []
    for err in exc.errors()[:10]:
        loc = list(err["loc"])
        if loc[:1] == ["rules"] and len(loc) > 1 and isinstance(loc[1], int):
            rules = [r for r in data.get("rules", []) if r.get("id") not in set(data.get("disable", []))]
            loc[1] = f"rule '{rules[loc[1]].get('id', loc[1])}'"
        lines.append(f"{'.'.join(str(p) for p in loc)}: {err['msg']}")
    return "The rule pack is not valid:\n  " + "\n  ".join(lines)
