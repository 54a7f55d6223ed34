//! Documents that need approval before they are issued: drafted without a number, submitted for approval, then
//! signed by an account holding the signatory role (which takes the number and issues the document) or
//! returned for redrafting. Which documents need it is the profile's `[documents] approval` setting.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::event::Actor;
use super::parts::{DocumentKind, DocumentRecord};
use super::{Case, Change, WorkflowError};
use crate::tlp::Tlp;

/// Where a drafted document stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftStatus {
    /// Being written; not yet submitted.
    Draft,
    /// Submitted for approval, waiting for the signatory.
    Submitted,
    /// Sent back by the signatory; it may be submitted again.
    Returned,
    /// Approved and signed: numbered and issued (its record is among the case's documents).
    Signed,
}

impl DraftStatus {
    /// The status's key, as commands and pages show it.
    pub fn key(self) -> &'static str {
        match self {
            DraftStatus::Draft => "draft",
            DraftStatus::Submitted => "submitted",
            DraftStatus::Returned => "returned",
            DraftStatus::Signed => "signed",
        }
    }
}

/// A document drafted on a case, on its way to approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentDraft {
    /// Its number among the case's drafts, from 1 (not the document's number, which is taken at signing).
    pub id: u32,
    /// Which document.
    pub kind: DocumentKind,
    /// The marking it will carry.
    pub tlp: Tlp,
    /// For the escalation report: which escalation, by number (the latest when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalation: Option<u32>,
    /// Who drafted it (the authenticated account).
    pub drafted_by: Actor,
    /// When.
    pub drafted_at: DateTime<Utc>,
    /// Where it stands.
    pub status: DraftStatus,
    /// Who submitted it last, when it was submitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_by: Option<Actor>,
    /// The number it was issued under, once signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
}

impl DocumentDraft {
    /// Whether `actor` drafted or submitted it: such an account does not sign it (four eyes).
    pub fn prepared_by(&self, actor: &Actor) -> bool {
        &self.drafted_by == actor || self.submitted_by.as_ref() == Some(actor)
    }
}

impl Case {
    /// The draft with id `id`, if the case has one.
    pub fn draft(&self, id: u32) -> Option<&DocumentDraft> {
        self.drafts.iter().find(|draft| draft.id == id)
    }

    fn draft_mut(&mut self, change: &Change, id: u32) -> Result<&mut DocumentDraft, WorkflowError> {
        if self.draft(id).is_none() {
            return Err(self.refuse(change, format!("the case has no draft {id}")));
        }
        Ok(self
            .drafts
            .iter_mut()
            .find(|draft| draft.id == id)
            .expect("found above"))
    }

    pub(super) fn draft_document(
        &mut self,
        kind: DocumentKind,
        tlp: Tlp,
        escalation: Option<u32>,
        actor: &Actor,
        at: DateTime<Utc>,
    ) {
        let id = self.drafts.iter().map(|draft| draft.id).max().unwrap_or(0) + 1;
        self.drafts.push(DocumentDraft {
            id,
            kind,
            tlp,
            escalation,
            drafted_by: actor.clone(),
            drafted_at: at,
            status: DraftStatus::Draft,
            submitted_by: None,
            number: None,
        });
    }

    pub(super) fn submit_document(
        &mut self,
        change: &Change,
        id: u32,
        actor: &Actor,
    ) -> Result<(), WorkflowError> {
        let status = self.draft_mut(change, id)?.status;
        if !matches!(status, DraftStatus::Draft | DraftStatus::Returned) {
            return Err(self.refuse(
                change,
                format!(
                    "draft {id} is {}: only a draft or a returned draft is submitted",
                    status.key()
                ),
            ));
        }
        let draft = self.draft_mut(change, id)?;
        draft.status = DraftStatus::Submitted;
        draft.submitted_by = Some(actor.clone());
        Ok(())
    }

    pub(super) fn sign_document(
        &mut self,
        change: &Change,
        id: u32,
        document: &DocumentRecord,
        actor: &Actor,
    ) -> Result<(), WorkflowError> {
        let draft = self.draft_mut(change, id)?.clone();
        if draft.status != DraftStatus::Submitted {
            return Err(self.refuse(
                change,
                format!(
                    "draft {id} is {}: only a document submitted for approval is signed",
                    draft.status.key()
                ),
            ));
        }
        if draft.prepared_by(actor) {
            return Err(self.refuse(
                change,
                format!(
                    "{actor} drafted or submitted draft {id}: another account holding the signatory role signs it"
                ),
            ));
        }
        if document.kind != draft.kind {
            return Err(self.refuse(change, format!("draft {id} is not that kind of document")));
        }
        if document.number.trim().is_empty() {
            return Err(self.refuse(change, "a document needs its number"));
        }
        if document.verification.is_none() || document.sha256.is_none() {
            return Err(self.refuse(
                change,
                "a signed document needs its verification code and its file's SHA-256",
            ));
        }
        let draft = self.draft_mut(change, id)?;
        draft.status = DraftStatus::Signed;
        draft.number = Some(document.number.clone());
        self.documents.push(document.clone());
        Ok(())
    }

    pub(super) fn return_document(
        &mut self,
        change: &Change,
        id: u32,
    ) -> Result<(), WorkflowError> {
        let status = self.draft_mut(change, id)?.status;
        if status != DraftStatus::Submitted {
            return Err(self.refuse(
                change,
                format!(
                    "draft {id} is {}: only a document submitted for approval is returned",
                    status.key()
                ),
            ));
        }
        self.draft_mut(change, id)?.status = DraftStatus::Returned;
        Ok(())
    }
}
