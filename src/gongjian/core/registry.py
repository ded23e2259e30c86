"""Extension points the domain apps fill in their AppConfig.ready(): "my work" sections and the like."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "OUTBOUND_BULLETIN_ISSUED",
    "OUTBOUND_COLOUR_CHANGED",
    "OUTBOUND_PROBLEM_CLOSED",
    "OUTBOUND_REPORT_ACCEPTED",
    "DataSource",
    "JobKind",
    "LightResult",
    "audit_action_labels",
    "audit_field_labels",
    "audit_filters",
    "bench_scenarios",
    "data_sources",
    "demo_loaders",
    "emit_outbound",
    "home_view",
    "job_kinds",
    "light_sources",
    "my_work_sections",
    "outbound_listeners",
    "outbound_wanted",
    "recolour",
    "recolour_hooks",
    "register_audit_actions",
    "register_audit_fields",
    "register_audit_filter",
    "register_bench",
    "register_data_source",
    "register_demo",
    "register_home",
    "register_job",
    "register_light_source",
    "register_my_work",
    "register_outbound",
    "register_recolour",
    "register_stored_figures",
    "register_synth_part",
    "stored_figures",
    "synth_parts",
]

#: Each callable takes the request and returns None (nothing to show) or a dict with ``title``, ``template``,
#: ``count`` and whatever the template needs.
my_work_sections: list[Callable] = []


def register_my_work(section: Callable) -> Callable:
    if section not in my_work_sections:
        my_work_sections.append(section)
    return section


#: Audit action code → label shown in histories ("item.create" → "created the item").
audit_action_labels: dict[str, object] = {}


def register_audit_actions(labels: dict[str, object]) -> None:
    audit_action_labels.update(labels)


#: Key → words for the values of audit records that are not a model's field (a run's summary, the keys of a
#: dictionary value): "colours_new" → "new colours", "item" → "items", so a reader never meets a code.
audit_field_labels: dict[str, object] = {}


def register_audit_fields(labels: dict[str, object]) -> None:
    audit_field_labels.update(labels)


#: Confidential audit records: each callable takes the user and returns a Q of the records that user may not
#: browse (e.g. the cadre side's records for everyone outside 组织部 and 纪检监察), or None. The audit log's
#: restrict() excludes them.
audit_filters: list[Callable] = []


def register_audit_filter(f: Callable) -> Callable:
    if f not in audit_filters:
        audit_filters.append(f)
    return f


#: Demo parts of the modules: each callable takes a ``DemoContext`` (units and users by demo key, the campaign,
#: items by code, ``now``) and returns a line for the load_demo summary (or ""). They run in registration order
#: (INSTALLED_APPS order), inside load_demo's one transaction, after the plan and its history are loaded.
demo_loaders: list[Callable] = []


def register_demo(loader: Callable) -> Callable:
    if loader not in demo_loaders:
        demo_loaders.append(loader)
    return loader


# --- contracts between modules ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DataSource:
    """A figure a module can compute from its own data, for computed indicators (量化指标 that update themselves).

    ``compute(year, as_of)`` returns the value for campaign year ``year`` as known on date ``as_of`` (a Decimal
    or int; None when the module has no data for that year). ``kind`` says how an indicator reads it:
    ``"cumulative"`` (a count or sum to date, e.g. new 规上 enterprises this year) or ``"level"`` (a state on
    the date, e.g. enterprises over 1亿).
    """

    key: str
    label: object  # lazily translated
    unit: str  # as users write it: 家, 亿元, 万元, %, 个
    compute: Callable
    kind: str = "cumulative"


data_sources: dict[str, DataSource] = {}


def register_data_source(source: DataSource) -> DataSource:
    data_sources[source.key] = source
    return source


@dataclass(frozen=True)
class LightResult:
    """One object's traffic-light colour on a day, as the daily warnings run stores it.

    ``obj`` is the model instance; ``period`` names what was judged (e.g. "2026-03" or "2026-W11"; "" when the
    colour is not per period); ``colour`` is one of indicators.rules.COLOURS; ``reason`` a reason code of
    indicators.texts (or a module's own, registered with its label); ``unit_id`` / ``leader_id`` say who
    answers for it (the lead unit gets 督办 and notices).
    """

    obj: object
    period: str
    colour: str
    reason: str
    unit_id: int | None
    leader_id: int | None = None
    numbers: dict | None = None


#: key → callable(today: date) -> iterable of LightResult; the daily warnings run asks every source.
light_sources: dict[str, Callable] = {}


def register_light_source(key: str, source: Callable) -> Callable:
    light_sources[key] = source
    return source


#: callable(objects: list, today: date) -> None: judge these objects' colours again now and store them (with their
#: roll-ups), inside the caller's transaction. Supervision registers the one that writes the colour history; the
#: services that change what a colour depends on (an accepted report, an accepted actual) call :func:`recolour`.
recolour_hooks: list[Callable] = []


def register_recolour(hook: Callable) -> Callable:
    if hook not in recolour_hooks:
        recolour_hooks.append(hook)
    return hook


def recolour(objects: list, today) -> None:
    """Colours at once: ask every registered hook to judge ``objects`` again (nothing happens without one)."""
    for hook in recolour_hooks:
        hook(objects, today)


#: key → callable(today: date) -> (checked, repaired): recompute a module's stored figures (an indicator's colour
#: and achievement, a building's occupancy and tax per m²) from the data, rewrite those found out of date, and say
#: how many objects were checked and how many stored figures were rewritten. The daily warnings run calls each; the
#: services keep the figures of what they change up to date between two runs.
stored_figures: dict[str, Callable] = {}


def register_stored_figures(key: str, refresh: Callable) -> Callable:
    stored_figures[key] = refresh
    return refresh


#: Benchmark scenarios of the modules: callable(world, repeat, database) -> list of core.benchmarking.Result, run by
#: ``gongjian bench`` on the generated data after the campaign pages (e.g. an engine against its per-row
#: reference, the daily warnings run).
bench_scenarios: list[Callable] = []


def register_bench(scenario: Callable) -> Callable:
    if scenario not in bench_scenarios:
        bench_scenarios.append(scenario)
    return scenario


@dataclass(frozen=True)
class SynthPart:
    """A module's part of ``gongjian generate``: ``run(ctx)`` fills the module's tables in bulk from a
    ``synth.generator.Context`` (scale, seed, today, random generator, bulk writer, what earlier parts shared)."""

    name: str
    run: Callable


#: The generator's parts, run in registration order (INSTALLED_APPS order). The generator sits at the top of the
#: house and reads this list; the modules register here, so none of them imports the generator.
synth_parts: list[SynthPart] = []


def register_synth_part(name: str, run: Callable) -> Callable:
    if all(p.name != name for p in synth_parts):
        synth_parts.append(SynthPart(name, run))
    return run


#: The front page ("core:home"), as a dotted path to a class-based view: the campaigns module registers its
#: campaign page. core's URL configuration imports no module's views; it asks here when the page is requested.
home_view: dict[str, str] = {}


def register_home(dotted_path: str) -> None:
    home_view["path"] = dotted_path


@dataclass(frozen=True)
class JobKind:
    """A kind of background job: its title (shown in the job list) and the function ``run(job) -> dict`` that does
    the work and returns the result kept with the job (gongjian.core.jobs)."""

    name: str
    title: object
    run: Callable


job_kinds: dict[str, JobKind] = {}


def register_job(name: str, title, run: Callable) -> None:
    """Declare a kind of background job; ``gongjian.core.jobs.start`` queues one, the worker runs it."""
    job_kinds[name] = JobKind(name, title, run)


#: Events other systems may subscribe to (outbound webhooks). The services where they happen call
#: :func:`emit_outbound` inside their transaction; supervision registers the listener that queues the signed
#: deliveries (rows written in the same transaction, sent once it commits: a rollback sends nothing).
OUTBOUND_COLOUR_CHANGED = "colour_changed"
OUTBOUND_REPORT_ACCEPTED = "report_accepted"
OUTBOUND_PROBLEM_CLOSED = "problem_closed"
OUTBOUND_BULLETIN_ISSUED = "bulletin_issued"

#: Each entry is ``(listener, wants)``: ``listener(event, payloads)`` takes the event and a list of JSON-able
#: dicts; ``wants(event)`` says whether anybody listens to the event (so a busy writer skips building payloads).
outbound_listeners: list[tuple[Callable, Callable]] = []


def register_outbound(listener: Callable, wants: Callable) -> Callable:
    if all(entry[0] is not listener for entry in outbound_listeners):
        outbound_listeners.append((listener, wants))
    return listener


def outbound_wanted(event: str) -> bool:
    return any(wants(event) for _listener, wants in outbound_listeners)


def emit_outbound(event: str, payloads: list[dict]) -> None:
    """Tell the listeners that ``event`` happened to the objects described by ``payloads``. Call inside the
    service's transaction."""
    if not payloads:
        return
    for listener, wants in outbound_listeners:
        if wants(event):
            listener(event, payloads)
