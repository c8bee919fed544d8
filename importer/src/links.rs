//! Cross-platform links from the other specs: where a hand-written spec says its item is
//! Telegram's `X` (`links: { telegram: X }`), the import links `X` back to it, so the
//! Telegram overlay names no links of its own.

use codegen::spec::yaml::unplaced;
use codegen::spec::{Links, Spec};

/// Links every method and type of `spec` (platform `platform`) that another spec links
/// to, back to that spec's item; `others` are the other specs, by platform name. A link
/// naming something the import does not have is an error naming both.
pub fn derive(spec: &mut Spec, platform: &str, others: &[codegen::spec::Spec]) -> Result<(), String> {
    let mut errors = Vec::new();
    for other in others {
        let from = other.platform.name.value.as_str();
        let methods = other.methods.iter().map(|m| (&m.name.value, &m.links));
        let types = other
            .objects
            .iter()
            .map(|o| (&o.name.value, &o.links))
            .chain(other.unions.iter().map(|u| (&u.name.value, &u.links)))
            .chain(other.enums.iter().map(|e| (&e.name.value, &e.links)));
        for (name, links) in methods.chain(types) {
            let Some(target) = links.get(platform) else { continue };
            match item_links(spec, &target.value) {
                Some(ours) => {
                    ours.insert(from.to_owned(), unplaced(name.clone()));
                }
                None => errors.push(format!(
                    "{from}'s `{name}` links to `{}`, which the page does not have",
                    target.value
                )),
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!("links from the other specs:\n  {}", errors.join("\n  ")))
    }
}

/// The links of the method or type named `name`.
fn item_links<'s>(spec: &'s mut Spec, name: &str) -> Option<&'s mut Links> {
    if let Some(m) = spec.methods.iter_mut().find(|m| m.name.value == name) {
        return Some(&mut m.links);
    }
    if let Some(o) = spec.objects.iter_mut().find(|o| o.name.value == name) {
        return Some(&mut o.links);
    }
    if let Some(u) = spec.unions.iter_mut().find(|u| u.name.value == name) {
        return Some(&mut u.links);
    }
    spec.enums.iter_mut().find(|e| e.name.value == name).map(|e| &mut e.links)
}
