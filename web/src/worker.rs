//! The Web Worker that owns the page's state (`reach_view::session`): it reads and lowers the
//! exports and answers questions off the page's thread, so that a 40 MB import never freezes
//! the page. Messages in: `{id, request, files}` (the request as JSON, the files' bytes as
//! transferred `Uint8Array`s). Messages out: `{ready}` once, then `{id, progress: [read, of]}`
//! while files are read and `{id, reply}` (the reply as JSON) for each request, in order.

use js_sys::{Array, Object, Reflect, Uint8Array};
use reach_view::session::{Outcome, Reply, Request};
use reach_view::PageState;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let state = RefCell::new(PageState::new());
    let replies = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        let id = Reflect::get(&data, &"id".into()).unwrap_or(JsValue::NULL);
        let reply = match read_request(&data) {
            Ok((request, bytes)) => {
                let mut progress = |read: usize, of: usize| {
                    let progress = Array::of2(&(read as u32).into(), &(of as u32).into());
                    post(&replies, &id, "progress", &progress);
                };
                state.borrow_mut().handle(request, bytes, &mut progress)
            }
            Err(why) => Reply {
                page: None,
                outcome: Outcome::Refused(why),
            },
        };
        let json = serde_json::to_string(&reply).unwrap_or_else(|error| {
            // Only plain data is serialised, so this does not happen; if it did, the page
            // would still hear back rather than wait for ever.
            let refused = Reply {
                page: None,
                outcome: Outcome::Refused(format!("the reply could not be written: {error}")),
            };
            serde_json::to_string(&refused).unwrap_or_default()
        });
        post(&replies, &id, "reply", &JsValue::from_str(&json));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as the page: the handler is never dropped.
    on_message.forget();
    let ready = Object::new();
    let _ = Reflect::set(&ready, &"ready".into(), &JsValue::TRUE);
    let _ = scope.post_message(&ready);
}

fn read_request(data: &JsValue) -> Result<(Request, Vec<Vec<u8>>), String> {
    let text = Reflect::get(data, &"request".into())
        .ok()
        .and_then(|request| request.as_string())
        .ok_or("a message without a request")?;
    let request: Request =
        serde_json::from_str(&text).map_err(|error| format!("an unreadable request: {error}"))?;
    let files = Reflect::get(data, &"files".into()).unwrap_or(JsValue::UNDEFINED);
    let bytes = if files.is_undefined() {
        Vec::new()
    } else {
        Array::from(&files)
            .iter()
            .map(|file| Uint8Array::new(&file).to_vec())
            .collect()
    };
    Ok((request, bytes))
}

fn post(scope: &DedicatedWorkerGlobalScope, id: &JsValue, key: &str, value: &JsValue) {
    let message = Object::new();
    let _ = Reflect::set(&message, &"id".into(), id);
    let _ = Reflect::set(&message, &key.into(), value);
    let _ = scope.post_message(&message);
}
