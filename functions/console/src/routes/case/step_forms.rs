//! The step forms of the case page: one per step the library offers the signed-in account now, its fields from
//! [`StepKind::fields`], labelled in the page's language, with human labels for every choice. The RSIT class
//! and type are one choice (`class/type`, grouped by class), so that no script is needed to match them; the
//! item numbers a step refers to are chosen among the case's own items.

use csirt_domain::case::Case;
use csirt_domain::field_error::FieldErrors;
use csirt_domain::sop::CaseClock;
use csirt_domain::taxonomy::Taxonomy;
use csirt_domain::tlp::Tlp;
use csirt_staff::step_form::{FieldKind, FieldSpec, FormFields, StepKind};
use serde::Serialize;

use super::{Labels, Posted};
use crate::state::ConsoleState;

/// The one field that carries the RSIT class and type on the classification form.
const INCIDENT_FIELD: &str = "incident";

/// One choice of a select.
#[derive(Debug, Serialize)]
pub struct ChoiceView {
    value: String,
    label: String,
}

/// Choices under one heading (an `<optgroup>`), or under none.
#[derive(Debug, Serialize)]
pub struct ChoiceGroup {
    label: Option<String>,
    options: Vec<ChoiceView>,
}

/// One field as the `field` macro draws it.
#[derive(Debug, Serialize)]
pub struct FieldView {
    id: String,
    name: String,
    kind: &'static str,
    required: bool,
    label: String,
    value: String,
    error: Option<String>,
    groups: Vec<ChoiceGroup>,
}

/// One refused field in the summary above its form.
#[derive(Debug, Serialize)]
pub struct SummaryItem {
    id: String,
    label: String,
    message: String,
}

/// One step's form.
#[derive(Debug, Serialize)]
pub struct StepFormView {
    key: &'static str,
    label: String,
    help: String,
    fields: Vec<FieldView>,
    errors: Vec<SummaryItem>,
}

/// The forms of `steps` on `case`; the one `posted` was sent from keeps what was typed and shows its errors.
pub fn forms(
    state: &ConsoleState,
    labels: &Labels<'_>,
    case: &Case,
    steps: &[StepKind],
    posted: Option<Posted<'_>>,
) -> Vec<StepFormView> {
    steps
        .iter()
        .map(|&step| {
            let posted = posted.filter(|p| p.step == step);
            let specs = shown_fields(step);
            let fields: Vec<FieldView> = specs
                .iter()
                .map(|spec| field(state, labels, case, step, spec, posted))
                .collect();
            let errors = posted
                .and_then(|p| p.errors)
                .map(|errors| summary(labels, step, errors))
                .unwrap_or_default();
            StepFormView {
                key: step.key(),
                label: step.label().get(labels.lang()).to_owned(),
                help: labels.text(&format!("step_{}_help", step.key())),
                fields,
                errors,
            }
        })
        .collect()
}

/// The fields a step's form shows: its own, with the classification's class and type as one choice.
fn shown_fields(step: StepKind) -> Vec<FieldSpec> {
    let mut shown = Vec::new();
    for spec in step.fields() {
        match (step, spec.name) {
            (StepKind::Classify, "class") => shown.push(FieldSpec {
                name: INCIDENT_FIELD,
                kind: FieldKind::Line,
                required: true,
            }),
            (StepKind::Classify, "type") => {}
            _ => shown.push(*spec),
        }
    }
    shown
}

/// The shown field a refused field of the library's parser is drawn on.
fn shown_name(step: StepKind, refused: &str) -> &str {
    match (step, refused) {
        (StepKind::Classify, "class" | "type") => INCIDENT_FIELD,
        _ => refused,
    }
}

/// Sets the classification's `class` and `type` from its one `incident` choice (`class/type`), for the
/// library's parser; what was typed in `class` or `type` themselves stays.
pub(crate) fn incident_into_class_and_type(fields: &mut FormFields) {
    let Some(incident) = fields.get(INCIDENT_FIELD).cloned() else {
        return;
    };
    let (class, kind) = incident.split_once('/').unwrap_or((incident.as_str(), ""));
    fields
        .entry("class".to_owned())
        .or_insert_with(|| class.to_owned());
    fields
        .entry("type".to_owned())
        .or_insert_with(|| kind.to_owned());
}

fn field_id(step: StepKind, name: &str) -> String {
    format!("f-{}-{name}", step.key())
}

fn field_label(labels: &Labels<'_>, step: StepKind, name: &str) -> String {
    labels.text(&format!("step_{}_{name}", step.key()))
}

fn field(
    state: &ConsoleState,
    labels: &Labels<'_>,
    case: &Case,
    step: StepKind,
    spec: &FieldSpec,
    posted: Option<Posted<'_>>,
) -> FieldView {
    let value = match posted {
        Some(posted) if spec.name == INCIDENT_FIELD => typed_incident(posted.fields),
        Some(posted) => posted.fields.get(spec.name).cloned().unwrap_or_default(),
        None => suggested(case, step, spec.name),
    };
    let error = posted.and_then(|p| p.errors).and_then(|errors| {
        errors
            .fields()
            .find(|refused| shown_name(step, refused) == spec.name)
            .and_then(|refused| errors.get(refused))
            .map(|message| message.get(labels.lang()).to_owned())
    });
    let (kind, groups) = match (spec.name, spec.kind) {
        (INCIDENT_FIELD, _) => ("choice", incident_choices(labels)),
        ("item", FieldKind::Number) => ("choice", mitigation_choices(labels, case)),
        ("escalation", FieldKind::Number) => ("choice", escalation_choices(case)),
        ("step", FieldKind::Number) if step == StepKind::CompleteStep => {
            ("choice", completable_choices(state, labels, case))
        }
        (name, FieldKind::Choice(values)) => ("choice", choices(state, labels, name, values)),
        (_, FieldKind::Line) => ("line", Vec::new()),
        (_, FieldKind::Text) => ("text", Vec::new()),
        (_, FieldKind::Number) => ("number", Vec::new()),
        (_, FieldKind::Flag) => ("flag", Vec::new()),
    };
    FieldView {
        id: field_id(step, spec.name),
        name: spec.name.to_owned(),
        kind,
        required: spec.required,
        label: field_label(labels, step, spec.name),
        value,
        error,
        groups,
    }
}

/// The classification choice as it was sent, or made of `class` and `type` when those were sent instead.
fn typed_incident(fields: &FormFields) -> String {
    match fields.get(INCIDENT_FIELD) {
        Some(incident) => incident.clone(),
        None => match (fields.get("class"), fields.get("type")) {
            (Some(class), Some(kind)) => format!("{class}/{kind}"),
            _ => String::new(),
        },
    }
}

/// What a field starts with: the case's current classification (else the reporter's class, type and TLP);
/// nothing elsewhere (an assignment adds to the case's assignees, so its form starts empty).
fn suggested(case: &Case, step: StepKind, name: &str) -> String {
    let classification = case.classification.as_ref();
    match (step, name) {
        (StepKind::Classify, INCIDENT_FIELD) => {
            let incident = classification.map_or(&case.report.incident, |c| &c.incident);
            format!("{}/{}", incident.class(), incident.kind())
        }
        (StepKind::Classify, "priority") => classification
            .map(|c| super::machine_key(&c.priority))
            .unwrap_or_default(),
        (StepKind::Classify, "tlp") => classification
            .map_or(case.report.tlp, |c| c.tlp)
            .to_string(),
        _ => String::new(),
    }
}

/// One ungrouped list of choices.
fn ungrouped(options: Vec<ChoiceView>) -> Vec<ChoiceGroup> {
    vec![ChoiceGroup {
        label: None,
        options,
    }]
}

/// The choices of a field, labelled for people; the values stay the library's keys.
fn choices(
    state: &ConsoleState,
    labels: &Labels<'_>,
    name: &str,
    values: &[&str],
) -> Vec<ChoiceGroup> {
    let partners = &state.desk.procedure().profile.escalation_partners;
    let options = values
        .iter()
        .map(|&value| {
            let label = match name {
                "priority" => labels.text(&format!("priority_{value}")),
                "tlp" => Tlp::parse(value).map_or_else(
                    |_| value.to_owned(),
                    |tlp| format!("{tlp} — {}", tlp.label().label.get(labels.lang())),
                ),
                "partner" => {
                    let kind = labels.text(&format!("case_partner_{value}"));
                    match partners
                        .iter()
                        .find(|p| super::machine_key(&p.key) == value)
                    {
                        Some(partner) if !partner.required_fields.is_empty() => format!(
                            "{kind}: {} ({}: {})",
                            partner.name,
                            labels.text("case_partner_requires"),
                            partner.required_fields.join(", ")
                        ),
                        Some(partner) => format!("{kind}: {}", partner.name),
                        None => kind,
                    }
                }
                "verdict" => labels.text(&format!("case_verdict_{value}")),
                "kind" => labels.text(&format!("case_measure_{value}")),
                "status" => labels.text(&format!("case_mitigation_status_{value}")),
                "outcome" => labels.text(&format!("case_escalation_status_{value}")),
                _ => value.to_owned(),
            };
            ChoiceView {
                value: value.to_owned(),
                label,
            }
        })
        .collect();
    ungrouped(options)
}

/// Every RSIT type, grouped by class, as `class/type`.
fn incident_choices(labels: &Labels<'_>) -> Vec<ChoiceGroup> {
    let lang = labels.lang();
    Taxonomy::rsit()
        .classes
        .iter()
        .map(|class| ChoiceGroup {
            label: Some(class.label.get(lang).to_owned()),
            options: class
                .types
                .iter()
                .map(|kind| ChoiceView {
                    value: format!("{}/{}", class.key, kind.key),
                    label: kind.label.get(lang).to_owned(),
                })
                .collect(),
        })
        .collect()
}

/// The case's mitigation items, by number.
fn mitigation_choices(labels: &Labels<'_>, case: &Case) -> Vec<ChoiceGroup> {
    let options = case
        .mitigation
        .iter()
        .map(|item| ChoiceView {
            value: item.id.to_string(),
            label: format!(
                "#{} {} ({})",
                item.id,
                labels.of("case_measure_", &item.kind),
                labels.of("case_mitigation_status_", &item.status)
            ),
        })
        .collect();
    ungrouped(options)
}

/// The case's escalations, by number.
fn escalation_choices(case: &Case) -> Vec<ChoiceGroup> {
    let options = case
        .escalations
        .iter()
        .map(|escalation| ChoiceView {
            value: escalation.id.to_string(),
            label: format!("#{} {}", escalation.id, escalation.partner_name),
        })
        .collect();
    ungrouped(options)
}

/// The SOP steps of the case's state that may be marked done now, by number and title.
fn completable_choices(state: &ConsoleState, labels: &Labels<'_>, case: &Case) -> Vec<ChoiceGroup> {
    let procedure = state.desk.procedure();
    let options = procedure
        .profile
        .steps_in(case.state)
        .filter(|step| {
            CaseClock::check_completable(
                &procedure.profile,
                &procedure.calendar,
                case,
                step.number,
                case.state_since,
            )
            .is_ok()
        })
        .map(|step| ChoiceView {
            value: step.number.to_string(),
            label: format!("{}. {}", step.number, step.title.get(labels.lang())),
        })
        .collect();
    ungrouped(options)
}

/// The refused fields of a form, in the order of its fields, each linking to its field.
fn summary(labels: &Labels<'_>, step: StepKind, errors: &FieldErrors) -> Vec<SummaryItem> {
    let mut items: Vec<SummaryItem> = Vec::new();
    for refused in errors.fields() {
        let shown = shown_name(step, refused);
        if items.iter().any(|item| item.id == field_id(step, shown)) {
            continue;
        }
        if let Some(message) = errors.get(refused) {
            items.push(SummaryItem {
                id: field_id(step, shown),
                label: field_label(labels, step, shown),
                message: message.get(labels.lang()).to_owned(),
            });
        }
    }
    let order: Vec<String> = shown_fields(step)
        .iter()
        .map(|spec| field_id(step, spec.name))
        .collect();
    items.sort_by_key(|item| order.iter().position(|id| *id == item.id));
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_incident_choice_becomes_the_class_and_type_the_library_reads() {
        let mut fields = FormFields::new();
        fields.insert(
            "incident".into(),
            "intrusions/application-compromise".into(),
        );
        incident_into_class_and_type(&mut fields);
        assert_eq!(fields["class"], "intrusions");
        assert_eq!(fields["type"], "application-compromise");
        assert_eq!(typed_incident(&fields), "intrusions/application-compromise");
        let names: Vec<&str> = shown_fields(StepKind::Classify)
            .iter()
            .map(|s| s.name)
            .collect();
        assert_eq!(names, ["incident", "priority", "tlp"]);
    }
}
