//! The question form, the answer's verdict banner, the path diagram (SVG drawn here) and the
//! details of the hop in focus. All text goes in as text nodes or attribute values: nothing a
//! user supplied ever becomes markup.

use leptos::prelude::*;
use leptos::task::spawn_local;
use reach_view::analysis::{FieldError, QuestionForm};
use reach_view::diagram::{self, Lane, Node};
use reach_view::session::{Outcome, PageView, Request};

use crate::browser;
use crate::context::{Analysis, Notice};
use crate::engine;

fn field_error(
    errors: RwSignal<Vec<FieldError>>,
    field: &'static str,
) -> impl Fn() -> Option<String> {
    move || {
        errors.with(|errors| {
            errors
                .iter()
                .find(|error| error.field == field)
                .map(|error| error.message.clone())
        })
    }
}

/// A labelled text field bound to one field of the form.
#[component]
fn TextField(
    id: &'static str,
    label: &'static str,
    field: &'static str,
    #[prop(optional)] list: Option<&'static str>,
    #[prop(optional)] placeholder: &'static str,
    get: fn(&QuestionForm) -> String,
    set: fn(&mut QuestionForm, String),
) -> impl IntoView {
    let analysis = expect_context::<Analysis>();
    let error = field_error(analysis.errors, field);
    let has_error = field_error(analysis.errors, field);
    let has_error = move || has_error().is_some();
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                type="text"
                list=list
                placeholder=placeholder
                autocomplete="off"
                aria-invalid=move || has_error().then_some("true")
                aria-describedby=error_id.clone()
                prop:value=move || analysis.form.with(get)
                on:input=move |event| {
                    let value = event_target_value(&event);
                    analysis.form.update(|form| set(form, value));
                }
            />
            <span class="field-error" id=error_id role="alert">{error}</span>
        </div>
    }
}

#[component]
pub fn AnalysisPanel() -> impl IntoView {
    let state = expect_context::<RwSignal<PageView>>();
    let analysis = expect_context::<Analysis>();
    let notice = expect_context::<Notice>();
    let options = Memo::new(move |_| state.with(|page| page.endpoints.clone()));
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        spawn_local(analysis.run());
    };
    let copy_link = move |_| {
        let href = browser::location_href();
        spawn_local(async move {
            match browser::copy_text(&href).await {
                Ok(()) => notice.say("Copied the link to this answer."),
                Err(error) => notice.say(format!("Could not copy the link: {error}")),
            }
        });
    };
    let minimal_link = move |_| {
        let form = analysis.form.get_untracked();
        spawn_local(async move {
            match engine::ask(Request::MinimalLink { form }, Vec::new())
                .await
                .outcome
            {
                Outcome::MinimalLink(Some(fragment)) => {
                    browser::replace_fragment(&fragment);
                    let href = browser::location_href();
                    let copied = browser::copy_text(&href).await.is_ok();
                    notice.say(format!(
                        "The address bar now links to the minimal scenario ({} KB){}.",
                        fragment.len().div_ceil(1024),
                        if copied { "; copied" } else { "" }
                    ));
                }
                Outcome::Refused(why) => notice.say(format!("Could not make the link: {why}.")),
                _ => notice.say("Ask a question first."),
            }
        });
    };
    let link_is_long = move || {
        analysis.answer.with(Option::is_some)
            && browser::location_href().len() > reach_view::link::COMFORTABLE_LINK
    };
    let download_json = move |_| {
        if let Some(json) = analysis
            .answer
            .with_untracked(|answer| answer.as_ref().map(|a| a.json.clone()))
        {
            if let Err(error) = browser::download("reach-analysis.json", &json, "application/json")
            {
                notice.say(format!("Could not download: {error}"));
            }
        }
    };
    let download_svg = move |_| match browser::element_markup("path-diagram") {
        Some(svg) => {
            let svg = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{svg}");
            if let Err(error) = browser::download("reach-path.svg", &svg, "image/svg+xml") {
                notice.say(format!("Could not download: {error}"));
            }
        }
        None => notice.say("There is no diagram to download yet."),
    };

    view! {
        <section class="panel" aria-labelledby="question-heading">
            <h2 id="question-heading">"Ask"</h2>
            <form class="question" on:submit=submit novalidate>
                <datalist id="endpoints">
                    <For each=move || options.get() key=|option| option.id.clone() let:option>
                        <option value=option.id.clone()>{option.label.clone()}</option>
                    </For>
                </datalist>
                <div class="fields">
                    <TextField id="q-source" label="Source" field="source" list="endpoints"
                        placeholder="instance, interface or gateway id, or an IP"
                        get=|form| form.source.clone() set=|form, value| form.source = value/>
                    <TextField id="q-destination" label="Destination" field="destination" list="endpoints"
                        placeholder="id, IP address or CIDR"
                        get=|form| form.destination.clone() set=|form, value| form.destination = value/>
                    <div class="field">
                        <label for="q-protocol">"Protocol"</label>
                        <select
                            id="q-protocol"
                            prop:value=move || analysis.form.with(|form| form.protocol.clone())
                            on:change=move |event| {
                                let value = event_target_value(&event);
                                analysis.form.update(|form| form.protocol = value);
                            }
                        >
                            <option value="tcp">"TCP"</option>
                            <option value="udp">"UDP"</option>
                            <option value="icmp">"ICMP"</option>
                            <option value="icmpv6">"ICMPv6"</option>
                        </select>
                        <span class="field-error" role="alert">{field_error(analysis.errors, "protocol")}</span>
                    </div>
                    <TextField id="q-destination-port" label="Destination port" field="destination_port"
                        placeholder="empty = all ports"
                        get=|form| form.destination_port.clone() set=|form, value| form.destination_port = value/>
                    <TextField id="q-source-port" label="Source port" field="source_port"
                        placeholder="empty = ephemeral"
                        get=|form| form.source_port.clone() set=|form, value| form.source_port = value/>
                    <TextField id="q-icmp-type" label="ICMP type" field="icmp_type"
                        placeholder="empty = echo request"
                        get=|form| form.icmp_type.clone() set=|form, value| form.icmp_type = value/>
                    <TextField id="q-icmp-code" label="ICMP code" field="icmp_code"
                        placeholder="empty = 0"
                        get=|form| form.icmp_code.clone() set=|form, value| form.icmp_code = value/>
                    <div class="field">
                        <label for="q-app">"Application protocol"</label>
                        <select
                            id="q-app"
                            prop:value=move || analysis.form.with(|form| form.app_protocol.clone())
                            on:change=move |event| {
                                let value = event_target_value(&event);
                                analysis.form.update(|form| form.app_protocol = value);
                            }
                        >
                            <option value="">"Any (try every case)"</option>
                            <option value="none">"None (plain payload)"</option>
                            <option value="tls">"TLS"</option>
                            <option value="http">"HTTP"</option>
                            <option value="dns">"DNS"</option>
                            <option value="ssh">"SSH"</option>
                            <option value="smtp">"SMTP"</option>
                            <option value="ftp">"FTP"</option>
                            <option value="quic">"QUIC"</option>
                        </select>
                        <span class="field-error" role="alert">{field_error(analysis.errors, "app_protocol")}</span>
                    </div>
                    <TextField id="q-server-name" label="Server name" field="server_name"
                        placeholder="TLS SNI or HTTP Host"
                        get=|form| form.server_name.clone() set=|form, value| form.server_name = value/>
                    <TextField id="q-hello" label="ClientHello size (bytes)" field="client_hello_size"
                        placeholder="empty = 1 and 2 segments"
                        get=|form| form.client_hello_size.clone() set=|form, value| form.client_hello_size = value/>
                </div>
                <div class="actions">
                    <label class="check">
                        <input
                            type="checkbox"
                            id="q-compat"
                            prop:checked=move || analysis.form.with(|form| form.compat_aws)
                            on:change=move |event| {
                                let checked = event_target_checked(&event);
                                analysis.form.update(|form| form.compat_aws = checked);
                            }
                        />
                        " AWS-compatibility mode (answer as AWS's Reachability Analyzer does)"
                    </label>
                    <button type="submit" class="button primary">"Analyze"</button>
                </div>
            </form>
        </section>
        <Show when=move || analysis.answer.with(Option::is_some)>
            <section class="panel" aria-labelledby="answer-heading">
                <div class="panel-head">
                    <h2 id="answer-heading">"Answer"</h2>
                    <div class="actions">
                        <button type="button" class="button small" on:click=copy_link>"Copy link"</button>
                        <Show when=move || { !state.with(|page| page.is_demo) }>
                            <button
                                type="button"
                                class="button small"
                                title="A link with only the exports this answer depends on"
                                on:click=minimal_link
                            >
                                {move || if link_is_long() { "Minimal link (this one is long)" } else { "Minimal link" }}
                            </button>
                        </Show>
                        <button type="button" class="button small" on:click=download_json>"Download JSON"</button>
                        <button type="button" class="button small" on:click=download_svg>"Download SVG"</button>
                    </div>
                </div>
                <Verdict/>
                <PathDiagram/>
                <HopDetails/>
            </section>
        </Show>
    }
}

/// The verdict banner, announced to screen readers.
#[component]
fn Verdict() -> impl IntoView {
    let analysis = expect_context::<Analysis>();
    let answer = move || analysis.answer.get();
    view! {
        {move || answer().map(|answer| {
            let class = format!("verdict verdict-{}", answer.verdict);
            view! {
                <div class=class data-testid="verdict" data-verdict=answer.verdict role="status" aria-live="polite">
                    <p class="verdict-title">
                        <span class="verdict-icon" aria-hidden="true">{icon(&answer.verdict)}</span>
                        {answer.verdict_text}
                    </p>
                    <p class="verdict-summary">{answer.summary.clone()}</p>
                    {answer.ports.clone().map(|ports| view! {
                        <p class="verdict-ports">"Reachable destination ports: " <code>{ports}</code></p>
                    })}
                    {answer.other_mode.clone().map(|other| view! { <p class="verdict-other">{other}</p> })}
                    {(!answer.cases.is_empty()).then(|| view! {
                        <ul class="cases">
                            {answer.cases.iter().map(|case| view! {
                                <li class=format!("case case-{}", case.verdict)>
                                    <strong>{case.verdict.replace('_', " ")}</strong>
                                    " — " {case.application.clone()} ": " {case.decision.clone()}
                                </li>
                            }).collect_view()}
                        </ul>
                    })}
                    {(!answer.notes.is_empty()).then(|| view! {
                        <details class="notes">
                            <summary>{format!("Notes ({})", answer.notes.len())}</summary>
                            <ul>{answer.notes.iter().map(|note| view! { <li>{note.clone()}</li> }).collect_view()}</ul>
                        </details>
                    })}
                </div>
            }
        })}
    }
}

fn icon(verdict: &str) -> &'static str {
    match verdict {
        "reachable" => "✓",
        "not_reachable" => "✕",
        "reachable_one_way" => "⇢",
        "depends_on_application" => "?",
        _ => "…",
    }
}

/// The path diagram.
#[component]
fn PathDiagram() -> impl IntoView {
    let analysis = expect_context::<Analysis>();
    view! {
        {move || analysis.answer.with(|answer| answer.as_ref().map(|answer| {
            let diagram = answer.diagram.clone();
            let view_box = format!("0 0 {} {}", diagram.width, diagram.height);
            view! {
                <div class="diagram-scroll">
                    <svg
                        xmlns="http://www.w3.org/2000/svg"
                        data-testid="path-diagram"
                        id="path-diagram"
                        class="diagram"
                        role="group"
                        aria-label="Path diagram: forward and return paths, hop by hop"
                        width=diagram.width
                        height=diagram.height
                        viewBox=view_box
                    >
                        <LaneView lane=diagram.forward.clone()/>
                        {(!diagram.reverse.nodes.is_empty()).then(|| view! { <LaneView lane=diagram.reverse.clone()/> })}
                    </svg>
                </div>
            }
        }))}
    }
}

#[component]
fn LaneView(lane: Lane) -> impl IntoView {
    let lane_class = if lane.asymmetric.is_some() {
        "lane asymmetric"
    } else {
        "lane"
    };
    let title_y = lane.y + 16;
    let count = lane.nodes.len();
    let arrows = lane
        .nodes
        .windows(2)
        .map(|pair| {
            let y = pair[0].y + diagram::NODE_HEIGHT / 2;
            let path = format!(
                "M {} {y} L {} {y} M {} {} L {} {y} L {} {}",
                pair[0].x + diagram::NODE_WIDTH,
                pair[1].x - 2,
                pair[1].x - 8,
                y - 5,
                pair[1].x - 2,
                pair[1].x - 8,
                y + 5
            );
            view! { <path class="arrow" d=path/> }
        })
        .collect_view();
    view! {
        <g class=lane_class data-lane=lane.title.clone()>
            <text class="lane-title" x=diagram::MARGIN y=title_y>
                {format!("{} ({} hop{})", lane.title, count, if count == 1 { "" } else { "s" })}
                {lane.asymmetric.clone().map(|text| view! { <tspan class="asymmetric-label" dx="12">{text}</tspan> })}
            </text>
            {lane.groups.iter().map(|group| view! {
                <g class="vpc-box">
                    <rect x=group.x y=group.y width=group.width height=group.height rx="10"/>
                    <text x=group.x + 8 y=group.y + 14>{group.label.clone()}</text>
                </g>
            }).collect_view()}
            {arrows}
            {lane.nodes.into_iter().map(|node| view! { <NodeView node=node lane=lane.title.clone()/> }).collect_view()}
        </g>
    }
}

#[component]
fn NodeView(node: Node, lane: String) -> impl IntoView {
    let analysis = expect_context::<Analysis>();
    let id = node.id.clone();
    let key = (lane.clone(), id.clone());
    let focused = {
        let key = key.clone();
        move || analysis.focus.with(|focus| focus.as_ref() == Some(&key))
    };
    let class = {
        let base = format!(
            "hop shape-{}{}{}",
            node.shape.class(),
            if node.deciding { " deciding" } else { "" },
            if node.stops { " stops" } else { "" }
        );
        move || {
            if focused() {
                format!("{base} focused")
            } else {
                base.clone()
            }
        }
    };
    // The accessible name comes from the title (a longer form of the visible text): kind,
    // full id, name, whether it decided, and the firewall's verdict.
    let title = format!(
        "{} {}{}{}{}",
        node.kind,
        node.id,
        node.name
            .as_deref()
            .map(|name| format!(" ({name})"))
            .unwrap_or_default(),
        if node.deciding { ", deciding hop" } else { "" },
        node.chip
            .as_ref()
            .map(|chip| format!(", {}: {}", chip.action, chip.label))
            .unwrap_or_default()
    );
    let select = {
        let key = key.clone();
        move || analysis.focus.set(Some(key.clone()))
    };
    let select_key = select.clone();
    let (x, y) = (node.x, node.y);
    let w = diagram::NODE_WIDTH;
    let h = diagram::NODE_HEIGHT;
    let outline = match node.shape {
        diagram::Shape::Firewall => {
            let points = format!(
                "{},{} {},{} {},{} {},{} {},{} {},{}",
                x + 12,
                y,
                x + w - 12,
                y,
                x + w,
                y + h / 2,
                x + w - 12,
                y + h,
                x + 12,
                y + h,
                x,
                y + h / 2
            );
            view! { <polygon class="outline" points=points/> }.into_any()
        }
        diagram::Shape::Gateway => {
            view! { <rect class="outline" x=x y=y width=w height=h rx="28"/> }.into_any()
        }
        diagram::Shape::Rules => {
            view! { <rect class="outline" x=x y=y width=w height=h rx="3"/> }.into_any()
        }
        _ => view! { <rect class="outline" x=x y=y width=w height=h rx="9"/> }.into_any(),
    };
    let short_id = diagram::short_id(&node.id);
    view! {
        <g
            class=class
            data-component-id=id
            tabindex="0"
            role="button"
            on:click=move |_| select()
            on:keydown=move |event| {
                if event.key() == "Enter" || event.key() == " " {
                    event.prevent_default();
                    select_key();
                }
            }
            on:focus=move |_| analysis.focus.set(Some(key.clone()))
        >
            <title>{title}</title>
            {outline}
            <text class="hop-kind" x=x + w / 2 y=y + 17 text-anchor="middle">
                {node.label.clone()}
            </text>
            <text class="hop-id" x=x + w / 2 y=y + 35 text-anchor="middle">{short_id}</text>
            {node.name.clone().map(|name| {
                let name = if name.chars().count() > 22 { format!("{}…", name.chars().take(21).collect::<String>()) } else { name };
                view! { <text class="hop-name" x=x + w / 2 y=y + 52 text-anchor="middle">{name}</text> }
            })}
            {node.deciding.then(|| view! { <text class="hop-mark" x=x + w - 8 y=y + h - 6 text-anchor="end" aria-hidden="true">"★"</text> })}
            {node.chip.clone().map(|chip| {
                let chip_class = format!("chip chip-{}", chip.action);
                view! {
                    <g class=chip_class>
                        <rect x=x + 6 y=y + h + 6 width=w - 12 height="20" rx="10"/>
                        <text x=x + w / 2 y=y + h + 20 text-anchor="middle">{format!("{}: {}", chip.action, chip.label)}</text>
                    </g>
                }
            })}
        </g>
    }
}

/// The details of the hop in focus.
#[component]
fn HopDetails() -> impl IntoView {
    let analysis = expect_context::<Analysis>();
    let node = move || {
        let (lane, id) = analysis.focus.get()?;
        analysis.answer.with(|answer| {
            let diagram = &answer.as_ref()?.diagram;
            let lane = if diagram.reverse.title == lane {
                &diagram.reverse
            } else {
                &diagram.forward
            };
            lane.nodes.iter().find(|node| node.id == id).cloned()
        })
    };
    view! {
        <div class="hop-details" data-testid="hop-details" aria-live="polite">
            {move || match node() {
                None => view! { <p class="fine">"Select a hop (click, or Tab then Enter) to see what decided it."</p> }.into_any(),
                Some(node) => view! {
                    <h3>{node.kind.clone()} " " <code>{node.id.clone()}</code>
                        {node.name.clone().map(|name| view! { " " <span class="muted">{format!("({name})")}</span> })}
                    </h3>
                    <dl>
                        {node.details.place.clone().map(|place| view! { <dt>"Where"</dt><dd>{place}</dd> })}
                        {node.details.attached_to.clone().map(|instance| view! { <dt>"Attached to"</dt><dd>{instance}</dd> })}
                        {node.details.rule.clone().map(|rule| view! { <dt>"Decided by"</dt><dd>{rule}</dd> })}
                        {node.details.rule_text.clone().map(|text| view! { <dt>"Rule"</dt><dd><SuricataText text=text/></dd> })}
                        {node.details.inbound.clone().map(|header| view! { <dt>"Arrives"</dt><dd><code>{header}</code></dd> })}
                        <dt>"Leaves"</dt><dd><code>{node.details.outbound.clone()}</code></dd>
                        {(!node.details.codes.is_empty()).then(|| view! {
                            <dt>"AWS codes"</dt>
                            <dd><ul>{node.details.codes.iter().map(|(code, message)| view! {
                                <li><code>{code.clone()}</code> " — " {message.clone()}</li>
                            }).collect_view()}</ul></dd>
                        })}
                        {node.details.other_mode.clone().map(|other| view! { <dt>"Other mode"</dt><dd>{other}</dd> })}
                    </dl>
                }.into_any(),
            }}
        </div>
    }
}

/// A Suricata rule with its parts marked: action, header, and each option's keyword.
#[component]
fn SuricataText(text: String) -> impl IntoView {
    let (head, options) = match text.find('(') {
        Some(index) => (text[..index].to_owned(), text[index..].to_owned()),
        None => (text.clone(), String::new()),
    };
    let mut words = head.split_whitespace();
    let action = words.next().unwrap_or_default().to_owned();
    let rest = words.collect::<Vec<_>>().join(" ");
    let action_class = format!("rule-action rule-{action}");
    let parts: Vec<(bool, String)> = options
        .split_inclusive(';')
        .flat_map(|option| match option.split_once(':') {
            Some((keyword, value)) => {
                vec![(true, format!("{keyword}:")), (false, value.to_owned())]
            }
            None => vec![(false, option.to_owned())],
        })
        .collect();
    view! {
        <code class="suricata">
            <span class=action_class>{action}</span> " " <span class="rule-header">{rest}</span> " "
            {parts.into_iter().map(|(keyword, part)| if keyword {
                view! { <span class="rule-keyword">{part}</span> }.into_any()
            } else {
                view! { <span>{part}</span> }.into_any()
            }).collect_view()}
        </code>
    }
}
