import { Tex } from "@/app/_components/Tex";
import { DensityEstimators } from "@/app/_components/widgets/DensityEstimators";
import type { ModuleContent } from "./index";

/*
 * Module text: non-parametric density estimation — histogram, Parzen window (kernel density
 * estimation), K-nearest neighbours.
 * References: the lecture (Part 3, "Non-parametric models", "Histogram", "Parzen window", "KNN"),
 * with errata 5 (no sorting needed; bins are intervals of the value axis; p(x) = K/(NV));
 * C. M. Bishop, "Pattern Recognition and Machine Learning" (2006), §2.5;
 * R. O. Duda, P. E. Hart, D. G. Stork, "Pattern Classification" (2001), ch. 4;
 * B. W. Silverman, "Density Estimation for Statistics and Data Analysis" (1986).
 */

function NonParametricBody() {
  return (
    <div className="prose-genlab">
      <p>
        A parametric model is only as good as its assumed form, and the forms we can write down easily are often far from reality — typically unimodal while
        real data have several modes. Non-parametric methods let the data themselves shape the density. They still have settings to choose (a bin width, a
        bandwidth, a number of neighbours), but the number of effective parameters grows with the data.
      </p>

      <h2 id="basic-idea">One idea behind all three methods</h2>
      <p>
        Take a small region <Tex>{String.raw`\mathcal{R}`}</Tex> of volume <Tex>{String.raw`V`}</Tex> around a point <Tex>{String.raw`x`}</Tex>. Its probability
        mass is <Tex>{String.raw`\int_{\mathcal{R}} p(x')\,dx'`}</Tex>. Out of <Tex>{String.raw`N`}</Tex> samples, about that fraction falls inside, so if{" "}
        <Tex>{String.raw`K`}</Tex> samples are observed there, <Tex>{String.raw`K/N`}</Tex> estimates the mass. If the region is small enough for{" "}
        <Tex>{String.raw`p`}</Tex> to be nearly constant on it, the mass is about <Tex>{String.raw`p(x)\,V`}</Tex>:
      </p>
      <Tex
        display
      >{String.raw`\begin{gathered} \int_{\mathcal{R}} p(x')\,dx' \approx \frac{K}{N} \quad\text{and}\quad \int_{\mathcal{R}} p(x')\,dx' \approx p(x)\,V \\[6pt] \Longrightarrow\quad p(x) \approx \frac{K}{N V}. \end{gathered}`}</Tex>
      <p>
        Two opposite wishes meet here: <Tex>{String.raw`V`}</Tex> small, so that <Tex>{String.raw`p`}</Tex> is constant on it, and <Tex>{String.raw`K`}</Tex>{" "}
        large, so that the count is reliable. Fix <Tex>{String.raw`V`}</Tex> and count <Tex>{String.raw`K`}</Tex>: histograms and Parzen windows. Fix{" "}
        <Tex>{String.raw`K`}</Tex> and measure <Tex>{String.raw`V`}</Tex>: nearest neighbours.
      </p>

      <h2 id="histogram">Histograms</h2>
      <p>
        Cut the value axis into intervals (bins) of width <Tex>{String.raw`h`}</Tex> and count the samples that land in each. The data do not need to be sorted
        — each sample is simply assigned to the bin that contains it. For <Tex>{String.raw`x`}</Tex> in a bin holding <Tex>{String.raw`K`}</Tex> of the{" "}
        <Tex>{String.raw`N`}</Tex> samples, <Tex>{String.raw`p(x) = K/(N h)`}</Tex>: the formula above with <Tex>{String.raw`V = h`}</Tex>. Example: 200
        samples, 30 of them in a bin of width 0.5, give <Tex>{String.raw`p = 30/(200 \cdot 0.5) = 0.3`}</Tex> on that bin.
      </p>
      <p>
        The estimate integrates to one and is trivial to compute, but it is discontinuous at bin edges, depends on where the first edge is placed, and scales
        terribly: <Tex>{String.raw`M`}</Tex> bins per axis in <Tex>{String.raw`d`}</Tex> dimensions means <Tex>{String.raw`M^d`}</Tex> bins, almost all empty.
      </p>

      <h2 id="parzen">The Parzen window</h2>
      <p>
        Instead of fixed bins, centre the region on the query point. With a hypercube of side <Tex>{String.raw`h`}</Tex> and the window function{" "}
        <Tex>{String.raw`k(u) = 1`}</Tex> if every <Tex>{String.raw`|u_i| \le \tfrac12`}</Tex> and 0 otherwise, the count inside the cube is{" "}
        <Tex>{String.raw`K = \sum_n k\big((x - x_n)/h\big)`}</Tex>, and <Tex>{String.raw`V = h^d`}</Tex>:
      </p>
      <Tex display>{String.raw`p(x) = \frac{1}{N}\sum_{n=1}^{N} \frac{1}{h^d}\, k\!\left(\frac{x - x_n}{h}\right).`}</Tex>
      <p>
        Read differently, every sample contributes a little box of mass <Tex>{String.raw`1/N`}</Tex>. Any kernel that is non-negative and integrates to one
        works; a smooth kernel gives a smooth estimate. The usual choice is Gaussian — the <strong>kernel density estimate</strong> (KDE):
      </p>
      <Tex display>{String.raw`p(x) = \frac{1}{N}\sum_{n=1}^{N} \mathcal{N}\!\left(x \mid x_n,\; h^2 I\right).`}</Tex>
      <p>
        The <strong>bandwidth</strong> <Tex>{String.raw`h`}</Tex> is everything. Too small and the estimate is a row of spikes on the training points (it
        overfits); too large and real structure, such as two nearby modes, is smoothed away. It is chosen by cross-validating the held-out log-likelihood, or in
        1-D by a rule of thumb. The <em>normal-reference</em> rule <Tex>{String.raw`h = 1.06\,\hat\sigma\,N^{-1/5}`}</Tex>, with{" "}
        <Tex>{String.raw`\hat\sigma`}</Tex> the sample standard deviation, is the bandwidth that minimises the asymptotic mean integrated squared error when the
        data and the kernel are both Gaussian; it oversmooths data with several modes. Silverman&apos;s robust rule of thumb,{" "}
        <Tex>{String.raw`h = 0.9\,\min\big(\hat\sigma,\ \mathrm{IQR}/1.34\big)\,N^{-1/5}`}</Tex> (IQR the interquartile range), is a little narrower and is the
        one the KDE exercise offers. There is no training, but every evaluation touches all <Tex>{String.raw`N`}</Tex> stored samples.
      </p>

      <h2 id="knn">K nearest neighbours</h2>
      <p>
        A fixed <Tex>{String.raw`h`}</Tex> is too wide in dense regions and too narrow in sparse ones. KNN lets the volume adapt: fix <Tex>{String.raw`K`}</Tex>
        , grow a sphere around <Tex>{String.raw`x`}</Tex> until it contains <Tex>{String.raw`K`}</Tex> samples — equivalently, sort the samples by their
        distance to <Tex>{String.raw`x`}</Tex> and take the <Tex>{String.raw`K`}</Tex>-th — and use the volume <Tex>{String.raw`V(x)`}</Tex> of that sphere:
      </p>
      <Tex display>{String.raw`p(x) = \frac{K}{N\,V(x)}.`}</Tex>
      <p>
        In one dimension the sphere is an interval, <Tex>{String.raw`V(x) = 2\,r_K(x)`}</Tex>, with <Tex>{String.raw`r_K(x)`}</Tex> the distance to the{" "}
        <Tex>{String.raw`K`}</Tex>-th neighbour. With <Tex>{String.raw`N = 100`}</Tex>, <Tex>{String.raw`K = 5`}</Tex> and <Tex>{String.raw`r_5 = 0.25`}</Tex>:{" "}
        <Tex>{String.raw`p = 5/(100 \cdot 0.5) = 0.1`}</Tex>. Distances are usually Euclidean, but any metric can be used (a Mahalanobis distance, or a learned
        one), which changes the shape of the &ldquo;sphere&rdquo;.
      </p>

      <h2 id="knn-not-density">Why KNN does not give a proper density</h2>
      <p>
        Far from the data, the <Tex>{String.raw`K`}</Tex>-th neighbour is roughly as far away as the data themselves:{" "}
        <Tex>{String.raw`r_K(x) \approx |x|`}</Tex> for large <Tex>{String.raw`|x|`}</Tex>. In 1-D the estimate therefore decays only like
      </p>
      <Tex display>{String.raw`p(x) \approx \frac{K}{2N\,|x|}, \qquad \int^{\infty} \frac{dx}{x} = \infty,`}</Tex>
      <p>
        so the total &ldquo;probability&rdquo; is infinite: the estimate does not integrate to one and cannot be normalised. (In <Tex>{String.raw`d`}</Tex>{" "}
        dimensions the tail is <Tex>{String.raw`\propto |x|^{-d}`}</Tex>, whose integral diverges logarithmically, for the same reason.) The estimate is also
        spiky: its derivative jumps wherever the identity of the <Tex>{String.raw`K`}</Tex>-th neighbour changes. KNN is excellent for classification, where
        these constants cancel in ratios, but it is not a generative model you can sample from or score likelihoods with.
      </p>
      <p>
        The widget below builds all three estimates from the training penguins&apos; body masses and integrates each one numerically, so you can see the KNN
        area exceed one and keep growing as the range widens.
      </p>
      <DensityEstimators />
    </div>
  );
}

export const nonParametricDensityEstimationModule: ModuleContent = { slug: "non-parametric-density-estimation", minutes: 9, Body: NonParametricBody };
