//! Union tags come from what a description means, not from its exact words: the
//! reference page with every `always “x”` reworded as `must be “x”` (as some pages say
//! it) tags the same unions with the same values.

use super::shared;
use codegen::spec::Spec;

/// Each union's tag, and every field's constant, as `Owner.field = value` lines.
fn tags(spec: &Spec) -> Vec<String> {
    let unions =
        spec.unions.iter().map(|u| format!("{}: tag {:?}", u.name.value, u.tag.as_ref().map(|t| &t.value)));
    let consts = spec.objects.iter().flat_map(|o| {
        o.fields.iter().filter_map(move |f| {
            Some(format!("{}.{} = {:?}", o.name.value, f.name.value, f.constant.as_ref()?.value))
        })
    });
    unions.chain(consts).collect()
}

#[test]
#[cfg_attr(shared_absent, ignore = "needs ../shared (set TGFAMILY_SHARED=<folder>)")]
fn reworded_fixed_values_tag_the_same_unions() {
    let Some(folder) = shared::telegram_reference("reworded_fixed_values_tag_the_same_unions") else {
        return;
    };
    let page = shared::read(&folder.join("bot-api.html"));
    let reworded = page.replace(", always “", ", must be “");
    assert_ne!(page, reworded, "the page says `always “x”` somewhere");
    let import = |page: &str| {
        let (_, import) =
            crate::import(page, "bot-api.html", None, None, &[]).unwrap_or_else(|e| panic!("{e}"));
        import.spec
    };
    let (original, changed) = (import(&page), import(&reworded));
    assert!(original.unions.iter().filter(|u| u.tag.is_some()).count() > 20, "the page's unions are tagged");
    assert_eq!(tags(&original), tags(&changed));
}
