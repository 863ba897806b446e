//! Window calls (`f(...) OVER (...)`) and aggregate FILTER clauses, native or, for FILTER on
//! MySQL, emulated as `agg(CASE WHEN condition THEN x END)`: the aggregate then sees NULL for
//! the rows the condition rejects, which every aggregate but COUNT(*) ignores, and COUNT(*)
//! becomes COUNT(CASE WHEN condition THEN 1 END).

use crate::compile::{Compiler, Feature, Support};
use crate::error::{Error, Result};
use crate::expr::{Expr, Filtered, FrameBound, FrameUnits, FuncName, Window, WindowCall};

impl Compiler<'_> {
    pub(crate) fn window_call(&mut self, call: &WindowCall) -> Result<()> {
        if let Support::Unsupported(hint) = self.dialect().support(Feature::WindowFunctions) {
            return Err(self.unsupported(Feature::WindowFunctions.as_str(), hint));
        }
        self.expr(&call.func)?;
        self.push(" OVER (");
        // A frame means nothing to a ranking or offset function; an engine that refuses it
        // there gets the window without it (the same rows).
        let ranking = matches!(&call.func, Expr::Func(f) if matches!(f.name, FuncName::Known(k) if k.ignores_frame()));
        let with_frame = !ranking
            || call.window.frame.is_none()
            || match self.dialect().support(Feature::FrameOnRankingFunction) {
                Support::Native => true,
                Support::Emulated(_) => false,
                Support::Unsupported(hint) => {
                    return Err(self.unsupported(Feature::FrameOnRankingFunction.as_str(), hint));
                }
            };
        self.window(&call.window, with_frame)?;
        self.push_char(')');
        Ok(())
    }

    fn window(&mut self, w: &Window, with_frame: bool) -> Result<()> {
        let mut sep = "";
        if !w.partition_by.is_empty() {
            self.push("PARTITION BY ");
            self.comma_list(&w.partition_by)?;
            sep = " ";
        }
        if !w.order_by.is_empty() {
            self.push(sep);
            self.push("ORDER BY ");
            for (i, term) in w.order_by.iter().enumerate() {
                if i > 0 {
                    self.push(", ");
                }
                crate::compile::select::order_term(self, term)?;
            }
            sep = " ";
        }
        if let Some(frame) = w.frame.as_ref().filter(|_| with_frame) {
            self.push(sep);
            self.push(match frame.units {
                FrameUnits::Rows => "ROWS BETWEEN ",
                FrameUnits::Range => "RANGE BETWEEN ",
            });
            self.frame_bound(frame.start);
            self.push(" AND ");
            self.frame_bound(frame.end);
        }
        Ok(())
    }

    fn frame_bound(&mut self, b: FrameBound) {
        match b {
            FrameBound::UnboundedPreceding => self.push("UNBOUNDED PRECEDING"),
            FrameBound::Preceding(n) => {
                self.push_number(n);
                self.push(" PRECEDING");
            }
            FrameBound::CurrentRow => self.push("CURRENT ROW"),
            FrameBound::Following(n) => {
                self.push_number(n);
                self.push(" FOLLOWING");
            }
            FrameBound::UnboundedFollowing => self.push("UNBOUNDED FOLLOWING"),
        }
    }

    pub(crate) fn filtered(&mut self, f: &Filtered) -> Result<()> {
        let Expr::Func(call) = &f.func else {
            return Err(Error::invalid_statement("FILTER (WHERE ...) applies to an aggregate function call"));
        };
        if let FuncName::Known(k) = call.name
            && !k.is_aggregate()
        {
            return Err(Error::invalid_statement(format!("FILTER applies to aggregates; {} is not one", k.as_sql())));
        }
        match self.dialect().support(Feature::AggregateFilter) {
            Support::Native => {
                self.expr(&f.func)?;
                self.push(" FILTER (WHERE ");
                self.expr(&f.condition)?;
                self.push_char(')');
                Ok(())
            }
            Support::Emulated(_) => {
                // AGG([DISTINCT] CASE WHEN cond THEN arg END), written directly: no clone of
                // either tree (the argument may be arbitrarily deep).
                let [arg] = call.args.as_slice() else {
                    return Err(self.unsupported(
                        "FILTER on an aggregate of several arguments",
                        "write the CASE expression yourself",
                    ));
                };
                match &call.name {
                    FuncName::Known(k) => {
                        let name = self.dialect().function_name(*k);
                        self.push(name);
                    }
                    FuncName::Named(name) => {
                        crate::compile::generic::check_function_name(name)?;
                        self.push(name);
                    }
                }
                self.push(if call.distinct { "(DISTINCT CASE WHEN " } else { "(CASE WHEN " });
                self.expr(&f.condition)?;
                self.push(" THEN ");
                match arg {
                    Expr::Star(None) => self.push_char('1'),
                    other => self.expr(other)?,
                }
                self.push(" END)");
                Ok(())
            }
            Support::Unsupported(hint) => Err(self.unsupported(Feature::AggregateFilter.as_str(), hint)),
        }
    }
}
