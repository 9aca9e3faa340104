// L2-regularised, optionally non-negative logistic regression (Newton's
// method with an active set): what `tune` fits blend weights with.
#include <refnet/scoring/backtest.hpp>
#include <stdexcept>
#include <vector>

namespace refnet::scoring {

LogisticFit fit_logistic(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, double l2,
                         bool nonnegative) {
    const Eigen::Index rows = x.rows();
    const Eigen::Index d = x.cols();
    if (rows == 0 || y.size() != rows) {
        throw std::invalid_argument("logistic regression needs one label per example");
    }
    // Column d is the intercept; it is neither penalised nor constrained.
    Eigen::MatrixXd design(rows, d + 1);
    design << x, Eigen::VectorXd::Ones(rows);
    const double scale = 1.0 / static_cast<double>(rows);
    auto loss = [&](const Eigen::VectorXd& beta) {
        const Eigen::ArrayXd z = (design * beta).array();
        // log(1 + e^z) - y z, written to stay finite for large |z|.
        const Eigen::ArrayXd softplus = z.max(0.0) + (-z.abs()).exp().log1p();
        return scale * (softplus - y.array() * z).sum() + 0.5 * l2 * beta.head(d).squaredNorm();
    };
    auto gradient_at = [&](const Eigen::VectorXd& beta, Eigen::VectorXd& p) {
        p = ((-(design * beta).array()).exp() + 1.0).inverse().matrix();
        Eigen::VectorXd g = scale * design.transpose() * (p - y);
        g.head(d) += l2 * beta.head(d);
        return g;
    };
    Eigen::VectorXd beta = Eigen::VectorXd::Zero(d + 1);
    std::vector<bool> held(static_cast<std::size_t>(d), false);
    LogisticFit fit;
    Eigen::VectorXd p;
    double current = loss(beta);
    for (int iter = 0; iter < 200; ++iter) {
        fit.iterations = iter + 1;
        Eigen::VectorXd gradient = gradient_at(beta, p);
        const Eigen::VectorXd w = (p.array() * (1.0 - p.array())).matrix();
        Eigen::MatrixXd hessian = scale * design.transpose() * w.asDiagonal() * design;
        hessian.diagonal().head(d).array() += l2;
        hessian.diagonal().array() += 1e-12;  // keeps a separable fit solvable
        // Held coefficients stay at 0: their rows and columns leave the system.
        for (Eigen::Index j = 0; j < d; ++j) {
            if (!held[static_cast<std::size_t>(j)]) continue;
            gradient(j) = 0.0;
            hessian.row(j).setZero();
            hessian.col(j).setZero();
            hessian(j, j) = 1.0;
        }
        const Eigen::VectorXd step = hessian.ldlt().solve(gradient);
        // Newton's step, halved while it does not lower the loss; a coefficient
        // it would take below 0 is held at 0 instead.
        bool changed_set = false;
        Eigen::VectorXd next = beta;
        for (double t = 1.0; t > 1e-6; t *= 0.5) {
            next = beta - t * step;
            changed_set = false;
            for (Eigen::Index j = 0; j < d && nonnegative; ++j) {
                if (next(j) >= 0.0) continue;
                next(j) = 0.0;
                changed_set = true;
            }
            if (loss(next) <= current) break;
        }
        if (changed_set) {
            for (Eigen::Index j = 0; j < d; ++j)
                if (next(j) == 0.0 && step(j) > 0.0) held[static_cast<std::size_t>(j)] = true;
        }
        const double moved = (next - beta).cwiseAbs().maxCoeff();
        beta = next;
        current = loss(beta);
        if (changed_set || moved > 1e-9) continue;
        // At the optimum of the free coefficients, release a held one where
        // raising it from 0 would lower the loss.
        bool released = false;
        const Eigen::VectorXd g = gradient_at(beta, p);
        for (Eigen::Index j = 0; j < d; ++j) {
            if (held[static_cast<std::size_t>(j)] && g(j) < -1e-12) {
                held[static_cast<std::size_t>(j)] = false;
                released = true;
            }
        }
        if (!released) {
            fit.converged = true;
            break;
        }
    }
    fit.coefficients = beta.head(d);
    fit.intercept = beta(d);
    return fit;
}

}  // namespace refnet::scoring
