// An overload set of lambdas for std::visit: a visit over a variant with one lambda per alternative fails to
// compile when an alternative is added and not handled (no generic `auto` lambda may be used with it for that).
#pragma once

namespace core {

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace core
