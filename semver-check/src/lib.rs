//! What a crate using `tgfamily` can and cannot write with the generated types, compiled
//! from outside `tgfamily` (as users' code is). Each doctest below is a user's code: the
//! allowed forms compile and run; the forbidden ones are `compile_fail` with the error
//! that `#[non_exhaustive]` causes, so a later spec adding a field, a variant or an error
//! code cannot break code that compiles today (`docs/decisions.md`, "What is a breaking
//! change of the bindings").
//!
//! # Allowed
//!
//! Objects a bot sends and method structs are built with their constructor (the required
//! fields) and `with_` setters (the optional ones); their fields are read directly:
//!
//! ```
//! use tgfamily::potato::{ChatType, InlineKeyboardButton, Location, SendTextMessage};
//!
//! let location = Location::new(151.2, -33.9);
//! assert_eq!(location.latitude, -33.9);
//! let button = InlineKeyboardButton::new("Yes").with_callback_data("yes");
//! assert_eq!(button.text, "Yes");
//! let request = SendTextMessage::new(ChatType::PeerUser, 20216742, "hi").with_markdown(true);
//! assert_eq!((request.chat_id, request.text.as_str()), (20216742, "hi"));
//! ```
//!
//! Matches on enums, unions, error codes and update kinds have a wildcard arm (values a
//! later spec adds, and the `Unknown` values the decoder keeps, land there), and patterns
//! on objects end with `..`:
//!
//! ```
//! use tgfamily::potato::{ChatType, ErrorCode, Location, ReplyMarkup, UpdateKind};
//!
//! fn chat(kind: ChatType) -> &'static str {
//!     match kind {
//!         ChatType::PeerUser => "user",
//!         ChatType::PeerChat | ChatType::ChannelChat => "group or channel",
//!         _ => "a kind this version does not know",
//!     }
//! }
//! fn retry(code: ErrorCode) -> bool {
//!     match code {
//!         ErrorCode::RateLimited => true,
//!         _ => false,
//!     }
//! }
//! fn has_text(kind: &UpdateKind) -> bool {
//!     match kind {
//!         UpdateKind::Message(message) | UpdateKind::EditedMessage(message) => message.text.is_some(),
//!         _ => false,
//!     }
//! }
//! fn inline(markup: &ReplyMarkup) -> bool {
//!     matches!(markup, ReplyMarkup::InlineKeyboardMarkup(_))
//! }
//! let Location { latitude, .. } = Location::new(151.2, -33.9);
//! assert_eq!(chat(ChatType::from(99)), "a kind this version does not know");
//! assert!(!retry(ErrorCode::from(1002)));
//! assert_eq!(latitude, -33.9);
//! # let _ = (has_text, inline);
//! ```
//!
//! # Not allowed
//!
//! A struct literal of an object (a new field would break it):
//!
//! ```compile_fail,E0639
//! let location = tgfamily::potato::Location { longitude: 151.2, latitude: -33.9, unknown_fields: None };
//! ```
//!
//! A struct literal of a method struct (a new optional parameter would break it):
//!
//! ```compile_fail,E0639
//! use tgfamily::potato::{ChatType, SendTextMessage};
//! let request = SendTextMessage { chat_type: ChatType::PeerUser, chat_id: 1, ..SendTextMessage::new(ChatType::PeerUser, 1, "hi") };
//! ```
//!
//! A pattern naming every field of an object, without `..`:
//!
//! ```compile_fail,E0638
//! let tgfamily::potato::Location { longitude, latitude, unknown_fields } = tgfamily::potato::Location::new(1.0, 2.0);
//! ```
//!
//! An exhaustive match on an enum (a new value would break it; error codes likewise):
//!
//! ```compile_fail,E0004
//! use tgfamily::potato::ChatType;
//! fn chat(kind: ChatType) -> u8 {
//!     match kind {
//!         ChatType::PeerUser => 1,
//!         ChatType::PeerChat => 2,
//!         ChatType::ChannelChat => 3,
//!         ChatType::Unknown(_) => 0,
//!     }
//! }
//! ```
//!
//! An exhaustive match on the update kinds:
//!
//! ```compile_fail,E0004
//! use tgfamily::potato::UpdateKind;
//! fn name(kind: &UpdateKind) -> &'static str {
//!     match kind {
//!         UpdateKind::Message(_) => "message",
//!         UpdateKind::EditedMessage(_) => "edited",
//!         UpdateKind::InlineQuery(_) => "inline query",
//!         UpdateKind::CallbackQuery(_) => "callback",
//!         UpdateKind::Unknown(_) => "unknown",
//!     }
//! }
//! ```
//!
//! An exhaustive match on a union:
//!
//! ```compile_fail,E0004
//! use tgfamily::potato::ReplyMarkup;
//! fn name(markup: &ReplyMarkup) -> &'static str {
//!     match markup {
//!         ReplyMarkup::ForceReply(_) => "force reply",
//!         ReplyMarkup::ReplyKeyboardMarkup(_) => "keyboard",
//!         ReplyMarkup::ReplyKeyboardRemove(_) => "remove",
//!         ReplyMarkup::InlineKeyboardMarkup(_) => "inline",
//!         ReplyMarkup::Unknown(_) => "unknown",
//!     }
//! }
//! ```
