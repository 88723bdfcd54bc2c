//! Why an input is refused, in the two languages of the interface: every refusal a
//! player reads (the authority check of [`super::authority`], a front end's own
//! checks) is written once in English and once in Simplified Chinese, side by side,
//! so a client shows the one it reads in and switches without asking again.
//!
//! Invariant: the English text is the one the rest of the program has always used
//! (orders-file diagnostics, the event log's `OrderRefused` reason, checksums of
//! runs with refusals do not depend on the Chinese text).

use serde::Serialize;

use crate::order::Order;

/// A refusal in English and Chinese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refusal {
    /// English.
    pub en: String,
    /// Simplified Chinese.
    pub zh: String,
}

impl Refusal {
    /// A refusal from its two texts.
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Refusal {
        Refusal {
            en: en.into(),
            zh: zh.into(),
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

/// What an order does, as a Chinese verb phrase (the counterpart of
/// [`Order::name`]).
pub fn order_name_zh(o: &Order) -> &'static str {
    match o {
        Order::Dispatch { .. } => "调派",
        Order::Recall { .. } => "召回",
        Order::Message { .. } => "发送消息",
        Order::Acknowledge { .. } => "确认",
        Order::Warn { .. } => "发布预警",
        Order::SetLevel { .. } => "设定响应级别",
        Order::Evacuate { .. } => "组织转移",
        Order::ShelterInPlace { .. } => "下达就地避险指令",
        Order::CloseRoad { .. } => "封闭道路",
        Order::RequestMutualAid { .. } => "请求增援",
        Order::FailLink { .. } => "中断通信链路",
        Order::RestoreLink { .. } => "恢复通信链路",
        Order::SetWind { .. } => "改变风况",
        Order::AddUnit { .. } => "增加队伍",
        Order::SetSeatMode { .. } => "切换席位由人员或预案操作",
        Order::DeliverInject { .. } => "立即注入情景事件",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_the_english_text() {
        let r = Refusal::new("unknown unit `x`", "未知队伍 `x`");
        assert_eq!(r.to_string(), "unknown unit `x`");
        assert!(
            order_name_zh(&Order::Recall { unit: "a".into() })
                .chars()
                .all(|c| !c.is_ascii())
        );
    }
}
