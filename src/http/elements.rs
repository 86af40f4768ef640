//! Array elements taken out of a JSON body that did not fit, and the index each element left had
//! in the body as sent. A body's 422 names every element that is wrong: the extractor takes out
//! one that does not fit its type and reads the rest again, and the handler's own checks run on
//! what is left. Both must name elements by the index the client sent, not the one left after
//! the taking out.

use serde_json::{Map, Value};

use crate::error::FieldError;

/// For each top-level array an element was taken out of: the sent index of each element left.
#[derive(Debug, Default)]
pub struct Renumbering(Vec<(String, Vec<usize>)>);

/// `member[index]after` split, when the path starts with a top-level member's element.
fn element(path: &str) -> Option<(&str, usize, &str)> {
    let end = path.find(['.', '['])?;
    let (member, rest) = path.split_at(end);
    let (index, after) = rest.strip_prefix('[')?.split_once(']')?;
    Some((member, index.parse().ok()?, after))
}

impl Renumbering {
    /// Takes the element `path` names out of its top-level array in `body`, when there is one;
    /// the path with the element's sent index.
    pub fn take_out(&mut self, body: &mut Map<String, Value>, path: &str) -> Option<String> {
        let (member, index, after) = element(path)?;
        let Some(Value::Array(items)) = body.get_mut(member) else {
            return None;
        };
        if index >= items.len() {
            return None;
        }
        let at = match self.0.iter().position(|(m, _)| m == member) {
            Some(at) => at,
            None => {
                self.0
                    .push((member.to_string(), (0..items.len()).collect()));
                self.0.len() - 1
            }
        };
        items.remove(index);
        let sent = self.0[at].1.remove(index);
        Some(format!("{member}[{sent}]{after}"))
    }

    /// The error as the client sent the body: an element named by its index there.
    pub fn as_sent(&self, error: FieldError) -> FieldError {
        let Some((member, index, after)) = element(&error.field) else {
            return error;
        };
        let sent = self
            .0
            .iter()
            .find(|(m, _)| m == member)
            .and_then(|(_, left)| left.get(index));
        match sent {
            Some(sent) => FieldError::new(format!("{member}[{sent}]{after}"), error.message),
            None => error,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_keep_the_index_they_were_sent_at() {
        let mut body = serde_json::json!({"strengths": ["ok", 5, "", 7], "name": "x"});
        let body = body.as_object_mut().unwrap();
        let mut renumbering = Renumbering::default();
        assert_eq!(
            renumbering.take_out(body, "strengths[1]").as_deref(),
            Some("strengths[1]")
        );
        // What was [3] is [2] now.
        assert_eq!(
            renumbering.take_out(body, "strengths[2]").as_deref(),
            Some("strengths[3]")
        );
        assert_eq!(body["strengths"], serde_json::json!(["ok", ""]));
        let checked = renumbering.as_sent(FieldError::new("strengths[1]", "is empty"));
        assert_eq!(checked.field, "strengths[2]");
        assert_eq!(checked.pointer.as_deref(), Some("/strengths/2"));
        assert_eq!(
            renumbering.as_sent(FieldError::new("name", "x")).field,
            "name"
        );
        assert_eq!(renumbering.take_out(body, "name"), None);
        assert_eq!(renumbering.take_out(body, "strengths[9]"), None);
    }

    #[test]
    fn a_member_inside_an_element_is_named_in_it() {
        let mut body = serde_json::json!({"items": [{"a": 1}, {"a": "x"}]});
        let body = body.as_object_mut().unwrap();
        let mut renumbering = Renumbering::default();
        assert_eq!(
            renumbering.take_out(body, "items[1].a").as_deref(),
            Some("items[1].a")
        );
        assert_eq!(element("filter.companies[2]"), None);
        assert_eq!(element("a[x]"), None);
    }
}
