//! `bot.rs`: the `Bot` with one function per method, grouped by the document's sections
//! (one `impl` block each), and the awaitable `Call`.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::Doc;
use super::methods::method_doc;
use super::rust_type::{argument, ident, Module};
use crate::ir::{Api, Method};

/// The contents of `bot.rs`.
pub fn bot_file(api: &Api) -> TokenStream {
    let marker = ident(&super::marker_name(api));
    let title = &api.platform.title;
    let bot_doc = format!(
        " A {title} bot: one function per method. Awaiting what a function returns sends the request."
    );
    // The platform's feature gates the example, so that bindings generated elsewhere (the
    // test fixtures) do not compile a path of `tgfamily` they are not in.
    let example_gate = format!(" # #[cfg(feature = \"{}\")] {{", api.platform.name);
    let example_use = format!(" use tgfamily::{}::Bot;", api.platform.name);
    let sections = sections(api).into_iter().map(|(heading, methods)| {
        let doc = heading.map(|heading| {
            let mut doc = Doc::new(None);
            doc.heading(heading);
            if let Some(section) = api.sections.iter().find(|section| section.name == heading) {
                doc.paragraph(&section.description);
            }
            doc.tokens()
        });
        let functions = methods.into_iter().map(|method| bot_function(api, method));
        quote! {
            #doc
            impl Bot {
                #(#functions)*
            }
        }
    });
    let setters = api.methods.iter().filter_map(|method| call_setters(api, method));
    quote! {
        //! The bot and its calls.
        use ::std::future::{Future, IntoFuture};
        use ::std::pin::Pin;

        #[doc = #bot_doc]
        ///
        /// Cloning is cheap: clones share the connection pool.
        ///
        /// ```
        #[doc = #example_gate]
        #[doc = #example_use]
        /// use std::time::Duration;
        ///
        /// let bot = Bot::new("123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11");
        /// // A longer time limit and another server: configure the client.
        /// let client = tgfamily::Client::new("123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11")
        ///     .with_timeout(Duration::from_secs(60))
        ///     .with_base_url("http://127.0.0.1:8081");
        /// let local = Bot::with_client(client);
        /// assert_ne!(bot.client().base_url(), local.client().base_url());
        /// # }
        /// ```
        #[derive(Debug, Clone)]
        pub struct Bot {
            client: ::tgfamily::Client<super::#marker>,
        }

        /// # Creating a bot
        impl Bot {
            /// A bot with `token`, talking to the platform's default base URL.
            pub fn new(token: impl ::std::convert::Into<::std::string::String>) -> Bot {
                Bot { client: ::tgfamily::Client::new(token) }
            }

            /// A bot using a configured client (base URL, timeout, HTTP client).
            pub fn with_client(client: ::tgfamily::Client<super::#marker>) -> Bot {
                Bot { client }
            }

            /// The client this bot sends with.
            pub fn client(&self) -> &::tgfamily::Client<super::#marker> {
                &self.client
            }

            /// Sends a method struct built beforehand.
            pub async fn execute<M: ::tgfamily::Request<super::#marker>>(&self, request: &M) -> ::std::result::Result<M::Response, super::Error> {
                self.client.execute(request).await
            }
        }

        #(#sections)*

        /// A method call bound to a bot: set optional parameters, then `.await` it.
        #[derive(Debug, Clone)]
        #[must_use = "a call does nothing until it is awaited"]
        pub struct Call<'a, M> {
            bot: &'a Bot,
            request: M,
        }

        impl<'a, M> Call<'a, M> {
            /// The request as built so far.
            pub fn request(&self) -> &M {
                &self.request
            }

            /// The request, to send later with [`Bot::execute`].
            pub fn into_request(self) -> M {
                self.request
            }

            fn map(self, change: impl FnOnce(M) -> M) -> Self {
                Call { bot: self.bot, request: change(self.request) }
            }
        }

        impl<'a, M: ::tgfamily::Request<super::#marker> + 'a> IntoFuture for Call<'a, M> {
            type Output = ::std::result::Result<M::Response, super::Error>;
            type IntoFuture = Pin<::std::boxed::Box<dyn Future<Output = Self::Output> + Send + 'a>>;

            fn into_future(self) -> Self::IntoFuture {
                ::std::boxed::Box::pin(async move { self.bot.client.execute(&self.request).await })
            }
        }

        #(#setters)*
    }
}

/// The methods by the document's section, in the order the sections first appear; no
/// heading when the document has no sections.
fn sections(api: &Api) -> Vec<(Option<&str>, Vec<&Method>)> {
    let named = api.methods.iter().any(|method| method.group.is_some());
    let mut sections: Vec<(Option<&str>, Vec<&Method>)> = Vec::new();
    for method in &api.methods {
        let heading = named.then(|| method.group.as_deref().unwrap_or("Other methods"));
        match sections.iter_mut().find(|(name, _)| *name == heading) {
            Some((_, methods)) => methods.push(method),
            None => sections.push((heading, vec![method])),
        }
    }
    sections
}

fn bot_function(api: &Api, method: &Method) -> TokenStream {
    let function = ident(&method.fn_name);
    let struct_name = ident(&method.type_name);
    let doc = method_doc(method).tokens();
    let required: Vec<_> = method.params.iter().filter(|p| p.required && p.constant.is_none()).collect();
    let params = required.iter().map(|param| {
        let name = ident(&param.rust_name);
        let (arg, _) = argument(api, param, Module::Bot, &name);
        quote!(#name: #arg)
    });
    let args = required.iter().map(|param| ident(&param.rust_name));
    // Clippy's limit is seven arguments, `&self` included.
    let allow = (required.len() >= 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #doc
        #allow
        pub fn #function(&self, #(#params),*) -> Call<'_, super::methods::#struct_name> {
            Call { bot: self, request: super::methods::#struct_name::new(#(#args),*) }
        }
    }
}

/// The optional-parameter setters of a method, on its `Call`.
fn call_setters(api: &Api, method: &Method) -> Option<TokenStream> {
    let optional: Vec<_> = method.params.iter().filter(|p| !p.required && p.constant.is_none()).collect();
    if optional.is_empty() {
        return None;
    }
    let struct_name = ident(&method.type_name);
    let setters = optional.iter().map(|param| {
        let name = ident(&param.rust_name);
        let (arg, _) = argument(api, param, Module::Bot, &name);
        let setter = ident(&super::builders::setter_name(param));
        let doc = format!(
            " Sets [`{}::{}`](super::methods::{}::{}).",
            method.type_name, param.rust_name, method.type_name, param.rust_name
        );
        quote! {
            #[doc = #doc]
            pub fn #name(self, #name: #arg) -> Self {
                self.map(|request| request.#setter(#name))
            }
        }
    });
    Some(quote! {
        impl Call<'_, super::methods::#struct_name> {
            #(#setters)*
        }
    })
}
