//! The page's side of the worker that owns the state (see `worker.rs`): [`ask`] sends a
//! request and resolves with the worker's reply. Requests sent before the worker has started
//! wait in a queue; the worker answers them in order. If the worker fails (it could not load,
//! or it stopped), every waiting request and every later one is answered with why.

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use leptos::prelude::*;
use reach_view::session::{Outcome, PageView, Reply, Request};
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Event, MessageEvent, Worker};

/// The shim Trunk writes for the worker binary; relative, so the page works under any sub-path.
const WORKER_URL: &str = "./worker_loader.js";

/// What the page shows of the worker's work.
#[derive(Clone, Copy)]
pub struct Status {
    /// How far it has got reading files: (read, of).
    pub progress: RwSignal<Option<(usize, usize)>>,
    /// How many requests wait for a reply (the page is `aria-busy` while any does).
    pub waiting: RwSignal<usize>,
    /// `starting`, `ready` or `failed`: the page publishes it as `main[data-engine]`.
    pub engine: RwSignal<&'static str>,
}

impl Status {
    pub fn new() -> Status {
        Status {
            progress: RwSignal::new(None),
            waiting: RwSignal::new(0),
            engine: RwSignal::new("starting"),
        }
    }
}

struct Engine {
    status: Option<Status>,
    worker: Option<Worker>,
    ready: bool,
    /// Why the worker is gone, once it is.
    failed: Option<String>,
    queued: Vec<(JsValue, Array)>,
    waiting: HashMap<u32, Function>,
    next_id: u32,
}

thread_local! {
    static ENGINE: RefCell<Engine> = RefCell::new(Engine {
        status: None,
        worker: None,
        ready: false,
        failed: None,
        queued: Vec::new(),
        waiting: HashMap::new(),
        next_id: 0,
    });
}

/// Starts the worker; what it is doing goes to `status`.
pub fn start(status: Status) {
    let progress = status.progress;
    ENGINE.with_borrow_mut(|engine| engine.status = Some(status));
    let worker = match Worker::new(WORKER_URL) {
        Ok(worker) => worker,
        Err(error) => {
            fail(format!(
                "the analysis worker did not start ({})",
                crate::browser::js_message(error)
            ));
            return;
        }
    };
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        if Reflect::get(&data, &"ready".into()).is_ok_and(|ready| ready.is_truthy()) {
            status.engine.set("ready");
            ENGINE.with_borrow_mut(|engine| {
                engine.ready = true;
                if let Some(worker) = &engine.worker {
                    for (message, transfer) in engine.queued.drain(..) {
                        let _ = worker.post_message_with_transfer(&message, &transfer);
                    }
                }
            });
            return;
        }
        let id = Reflect::get(&data, &"id".into())
            .ok()
            .and_then(|id| id.as_f64())
            .unwrap_or(-1.0) as u32;
        if let Ok(read) = Reflect::get(&data, &"progress".into()) {
            if !read.is_undefined() {
                let read = Array::from(&read);
                let number = |index| read.get(index).as_f64().unwrap_or(0.0) as usize;
                progress.set(Some((number(0), number(1))));
                return;
            }
        }
        let reply = Reflect::get(&data, &"reply".into()).unwrap_or(JsValue::UNDEFINED);
        if let Some(resolve) = ENGINE.with_borrow_mut(|engine| engine.waiting.remove(&id)) {
            progress.set(None);
            let _ = resolve.call1(&JsValue::NULL, &reply);
        }
    });
    // An `ErrorEvent` when the worker threw, a plain `Event` when its script did not load.
    let on_error = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
        event.prevent_default();
        progress.set(None);
        let message = Reflect::get(&event, &"message".into())
            .ok()
            .and_then(|message| message.as_string())
            .unwrap_or_default();
        fail(if message.is_empty() {
            "the analysis worker stopped".to_owned()
        } else {
            format!("the analysis worker stopped ({message})")
        });
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    // Both handlers live as long as the page.
    on_message.forget();
    on_error.forget();
    ENGINE.with_borrow_mut(|engine| engine.worker = Some(worker));
}

/// Answers every waiting request with why the worker is gone, and every later one too.
fn fail(why: String) {
    if let Some(status) = ENGINE.with_borrow(|engine| engine.status) {
        status.engine.set("failed");
    }
    let waiting: Vec<Function> = ENGINE.with_borrow_mut(|engine| {
        engine.failed = Some(why.clone());
        if let Some(worker) = engine.worker.take() {
            worker.terminate();
        }
        engine.queued.clear();
        engine.waiting.drain().map(|(_, resolve)| resolve).collect()
    });
    let reply = refused(&why);
    for resolve in waiting {
        let _ = resolve.call1(&JsValue::NULL, &JsValue::from_str(&reply));
    }
}

fn refused(why: &str) -> String {
    serde_json::to_string(&Reply {
        page: None,
        outcome: Outcome::Refused(format!("{why}; reload the page to start again")),
    })
    .unwrap_or_default()
}

/// Sends a request at once (with the contents of the files an `AddFiles` names, whose buffers
/// are handed over to the worker, not copied) and returns the reply to wait for. Sending before
/// waiting keeps requests in the order they were made, whenever their futures are polled.
pub fn ask(request: Request, files: Vec<Uint8Array>) -> impl std::future::Future<Output = Reply> {
    let text = serde_json::to_string(&request).unwrap_or_default();
    let message = Object::new();
    let contents = Array::new();
    let transfer = Array::new();
    for file in files {
        transfer.push(&file.buffer());
        contents.push(&file);
    }
    let _ = Reflect::set(&message, &"request".into(), &JsValue::from_str(&text));
    let _ = Reflect::set(&message, &"files".into(), &contents);
    let mut send = Some((JsValue::from(message), transfer));
    let busy = busy();
    // The executor runs now, inside `Promise::new`.
    let promise = Promise::new(&mut |resolve, _reject| {
        let Some((message, transfer)) = send.take() else {
            return;
        };
        ENGINE.with_borrow_mut(|engine| {
            if let Some(why) = &engine.failed {
                let _ = resolve.call1(&JsValue::NULL, &JsValue::from_str(&refused(why)));
                return;
            }
            let id = engine.next_id;
            engine.next_id += 1;
            let _ = Reflect::set(&message, &"id".into(), &id.into());
            engine.waiting.insert(id, resolve);
            match (&engine.worker, engine.ready) {
                (Some(worker), true) => {
                    let _ = worker.post_message_with_transfer(&message, &transfer);
                }
                _ => engine.queued.push((message, transfer)),
            }
        });
    });
    async move {
        let reply = JsFuture::from(promise)
            .await
            .ok()
            .and_then(|reply| reply.as_string())
            .unwrap_or_default();
        drop(busy);
        serde_json::from_str(&reply).unwrap_or_else(|error| Reply {
            page: None,
            outcome: Outcome::Refused(format!("the worker's reply could not be read: {error}")),
        })
    }
}

/// [`ask`], putting the reply's rows on the page; returns what came of the request.
pub async fn send(page: RwSignal<PageView>, request: Request, files: Vec<Uint8Array>) -> Outcome {
    let reply = ask(request, files).await;
    if let Some(view) = reply.page {
        page.set(view);
    }
    reply.outcome
}

/// Marks the page busy (`aria-busy`) until dropped: held while a request waits for its reply,
/// and by work that leads up to one, such as reading the files to add.
pub struct Busy(Option<Status>);

pub fn busy() -> Busy {
    let status = ENGINE.with_borrow(|engine| engine.status);
    if let Some(status) = status {
        status.waiting.update(|waiting| *waiting += 1);
    }
    Busy(status)
}

impl Drop for Busy {
    fn drop(&mut self) {
        if let Some(status) = self.0 {
            status
                .waiting
                .update(|waiting| *waiting = waiting.saturating_sub(1));
        }
    }
}
