import { KalmanVaeDiagram, RnnUnrolledDiagram, VrnnDiagram } from "@/app/_components/diagrams/sequence";
import { Tex } from "@/app/_components/Tex";
import type { ModuleContent } from "./index";

/*
 * Module text: autoregressive models — RNNs, state-space models and the Kalman filter, dynamical VAEs,
 * deep autoregressive models. The lecture writes the sequence y_{1:T}; this text writes x_{1:T}, the
 * course's symbol for data in the VAE modules.
 * References: Graves 2013, "Generating sequences with recurrent neural networks"; Rabiner 1989 (HMM
 * forward variables); Kalman 1960, "A new approach to linear filtering and prediction problems";
 * Rauch, Tung & Striebel 1965 (the smoother); Williams & Zipser 1989 (teacher forcing); Bengio et al.
 * 2015 (scheduled sampling); Chung et al. 2015, "A recurrent latent variable model for sequential
 * data" (VRNN); Fraccaro et al. 2016, "Sequential neural models with stochastic layers" (SRNN);
 * Fraccaro et al. 2017, "A disentangled recognition and nonlinear dynamics model for unsupervised
 * learning" (Kalman VAE); Girin et al. 2021, "Dynamical variational autoencoders: a comprehensive
 * review"; van den Oord et al. 2016, "Pixel recurrent neural networks", "Conditional image
 * generation with PixelCNN decoders" and "WaveNet".
 */

function AutoregressiveBody() {
  return (
    <div className="prose-genlab">
      <p>
        Sequences — speech, text, sensor readings, the pixels of an image read row by row — have an order. Modelling sequential data means modelling the joint
        distribution <Tex>{String.raw`p(x_{1:T})`}</Tex> of a whole sequence <Tex>{String.raw`x_{1:T} = (x_1, \dots, x_T)`}</Tex>. Autoregressive models do it
        by predicting one element at a time from everything before it; dynamical VAEs add a random latent sequence <Tex>{String.raw`z_{1:T}`}</Tex> behind the
        data. (The lecture writes the sequence <Tex>{String.raw`y_{1:T}`}</Tex>; this module writes <Tex>{String.raw`x_{1:T}`}</Tex>, the symbol for data in the
        VAE modules, because it joins the two; the HMM module&apos;s observations <Tex>{String.raw`y_t`}</Tex> are this module&apos;s{" "}
        <Tex>{String.raw`x_t`}</Tex>.)
      </p>

      <h2 id="chain-rule">The chain rule: no assumption needed</h2>
      <p>Any joint distribution factorises, exactly, as</p>
      <Tex display>{String.raw`p(x_{1:T}) = \prod_{t=1}^{T} p(x_t \mid x_{<t}), \qquad x_{<t} = (x_1, \dots, x_{t-1}).`}</Tex>
      <p>An autoregressive model learns each conditional with a network shared across positions. This gives:</p>
      <ul>
        <li>
          <strong>Exact likelihood</strong>: <Tex>{String.raw`\log p(x_{1:T}) = \sum_t \log p(x_t \mid x_{<t})`}</Tex>, so training is plain maximum likelihood
          (cross-entropy per step). For example, conditionals 0.5, 0.4 and 0.25 give the sequence probability{" "}
          <Tex>{String.raw`0.5 \times 0.4 \times 0.25 = 0.05`}</Tex>.
        </li>
        <li>
          <strong>Simple sampling</strong>: draw <Tex>{String.raw`x_1`}</Tex>, feed it back, draw <Tex>{String.raw`x_2`}</Tex>, and so on — but strictly
          sequentially, <Tex>{String.raw`T`}</Tex> steps per sample.
        </li>
      </ul>

      <h2 id="two-routes">Two routes: autoregression and latent states</h2>
      <p>
        Every model in this module takes one of two routes, or combines them. An <strong>autoregressive</strong> model writes each conditional{" "}
        <Tex>{String.raw`p(x_t \mid x_{<t})`}</Tex> directly; any state it keeps is a deterministic function of the past observations. A{" "}
        <strong>state-space</strong> model instead posits a random hidden sequence <Tex>{String.raw`z_{1:T}`}</Tex> that drives the observations; the
        conditionals <Tex>{String.raw`p(x_t \mid x_{<t})`}</Tex> then follow by summing or integrating the states out.
      </p>
      <p>
        The hidden Markov model of an earlier module takes the second route, and it is worth being precise about what its hidden state conditions on. The state{" "}
        <Tex>{String.raw`z_t`}</Tex> depends only on the previous state <Tex>{String.raw`z_{t-1}`}</Tex> — not on any observation — and the observation{" "}
        <Tex>{String.raw`x_t`}</Tex> depends only on the current state <Tex>{String.raw`z_t`}</Tex>:
      </p>
      <Tex display>{String.raw`p(x_{1:T}, z_{1:T}) = p(z_1) \prod_{t=2}^{T} p(z_t \mid z_{t-1}) \prod_{t=1}^{T} p(x_t \mid z_t).`}</Tex>
      <p>
        Given the states, the observations are therefore <em>conditionally independent</em>. Marginally they are not. Summing out the states,
      </p>
      <Tex display>{String.raw`p(x_t \mid x_{<t}) = \sum_{k=1}^{K} p(x_t \mid z_t = k)\, p(z_t = k \mid x_{<t}),`}</Tex>
      <p>
        and the predicted state distribution <Tex>{String.raw`p(z_t = k \mid x_{<t}) = \sum_i \alpha_{t-1}(i) A_{ik} \big/ \sum_i \alpha_{t-1}(i)`}</Tex> (from
        the forward variables <Tex>{String.raw`\alpha_{t-1}(i) = p(x_{1:t-1}, z_{t-1} = i)`}</Tex>) depends on <em>every</em> past observation. An HMM is
        therefore, in general, not a Markov chain of any finite order in <Tex>{String.raw`x`}</Tex>: its prediction of <Tex>{String.raw`x_t`}</Tex> can depend
        on observations arbitrarily far back. All of that influence passes through a <Tex>{String.raw`K`}</Tex>-dimensional summary that the forward recursion
        updates deterministically — the same role the hidden state of an RNN plays below, except that the form of the HMM&apos;s update is dictated by
        Bayes&apos; rule and the model&apos;s transition and emission probabilities, whereas an RNN learns an arbitrary update function.
      </p>

      <h2 id="rnn">Recurrent neural networks</h2>
      <p>An RNN summarises the history in a hidden state updated at each step, and predicts the next element from it:</p>
      <Tex
        display
      >{String.raw`h_t = f_\theta(h_{t-1}, x_{t-1}), \qquad p_\theta(x_t \mid x_{<t}) = \mathcal{N}\big(x_t;\ \mu_\theta(h_t),\ \operatorname{diag}\sigma^2_\theta(h_t)\big).`}</Tex>
      <RnnUnrolledDiagram />
      <p>
        (For discrete tokens the output is a softmax instead; LSTMs and GRUs are the usual choices of <Tex>{String.raw`f_\theta`}</Tex>.) Because{" "}
        <Tex>{String.raw`h_t`}</Tex> is a deterministic function of <Tex>{String.raw`x_{<t}`}</Tex>, this is exactly the chain rule, with the whole history
        compressed into a vector.
      </p>
      <p>
        Note where the randomness lives. The <em>transition</em> <Tex>{String.raw`h_{t-1} \to h_t`}</Tex> is deterministic; the only source of randomness is the{" "}
        <em>output</em> distribution, sampled afresh at every step. During generation the sampled <Tex>{String.raw`x_t`}</Tex> is fed back, so a random choice
        can persist — but only by being written into the observations themselves and read back from them. Chung et al. (2015) argue that for data whose
        variability is structured and high-level — the speaking style of a voice, the slant of a handwriting stroke — a simple per-step output distribution (a
        single Gaussian, say) cannot carry both that variability and the fine step-to-step noise. The lecture&apos;s summary: a deterministic transition with a
        Gaussian output is poorly suited to capturing the variation behind the data. The remedy is to put randomness into the state itself.
      </p>

      <h2 id="ssm">State-space models: randomness in the transition</h2>
      <p>
        A state-space model puts the noise into the dynamics. A latent state evolves by a random transition, and each observation is emitted from the current
        state:
      </p>
      <Tex display>{String.raw`z_1 \sim p_\theta(z_1), \qquad z_t \sim p_\theta(z_t \mid z_{t-1}), \qquad x_t \sim p_\theta(x_t \mid z_t),`}</Tex>
      <Tex
        display
      >{String.raw`p_\theta(x_{1:T}, z_{1:T}) = p_\theta(z_1) \prod_{t=2}^{T} p_\theta(z_t \mid z_{t-1}) \prod_{t=1}^{T} p_\theta(x_t \mid z_t).`}</Tex>
      <p>
        A random choice made at step <Tex>{String.raw`t`}</Tex> now persists in <Tex>{String.raw`z_t`}</Tex> and shapes every later observation. The price is
        inference: to evaluate the likelihood or to learn, we need the <em>filtering</em> distribution <Tex>{String.raw`p(z_t \mid x_{1:t})`}</Tex> or the{" "}
        <em>smoothing</em> distribution <Tex>{String.raw`p(z_t \mid x_{1:T})`}</Tex>. The HMM is the case of a discrete state, where the forward–backward
        algorithm computes them exactly. For a continuous state they are intractable in general — with one important exception.
      </p>

      <h2 id="kalman">The Kalman filter: the linear-Gaussian case</h2>
      <p>If the transition and the emission are linear with additive Gaussian noise,</p>
      <Tex display>{String.raw`z_t = A z_{t-1} + w_t,\quad w_t \sim \mathcal{N}(0, Q), \qquad\qquad x_t = C z_t + v_t,\quad v_t \sim \mathcal{N}(0, R),`}</Tex>
      <p>
        and the initial state is Gaussian, then every distribution in sight is Gaussian and inference is exact. Write the filtering distribution as{" "}
        <Tex>{String.raw`p(z_{t-1} \mid x_{1:t-1}) = \mathcal{N}(\mu_{t-1|t-1}, P_{t-1|t-1})`}</Tex>. One step of the <strong>Kalman filter</strong> (Kalman,
        1960) turns it into <Tex>{String.raw`p(z_t \mid x_{1:t})`}</Tex> in two stages. <em>Predict</em> with the dynamics:
      </p>
      <Tex display>{String.raw`\mu_{t|t-1} = A\,\mu_{t-1|t-1}, \qquad P_{t|t-1} = A\,P_{t-1|t-1}A^\top + Q.`}</Tex>
      <p>
        <em>Update</em> with the new observation:
      </p>
      <Tex
        display
      >{String.raw`\begin{gathered} S_t = C P_{t|t-1} C^\top + R, \qquad K_t = P_{t|t-1} C^\top S_t^{-1}, \\[6pt] \mu_{t|t} = \mu_{t|t-1} + K_t\,\big(x_t - C\mu_{t|t-1}\big), \qquad P_{t|t} = (I - K_t C)\, P_{t|t-1}. \end{gathered}`}</Tex>
      <p>
        (At <Tex>{String.raw`t = 1`}</Tex> the prediction is simply the initial distribution <Tex>{String.raw`p(z_1)`}</Tex>.) The <em>innovation</em>{" "}
        <Tex>{String.raw`x_t - C\mu_{t|t-1}`}</Tex> is the part of the observation the prediction did not expect, and the <strong>Kalman gain</strong>{" "}
        <Tex>{String.raw`K_t`}</Tex> decides how much of it to believe: an uncertain prediction (large <Tex>{String.raw`P_{t|t-1}`}</Tex>) gives a large gain, a
        noisy sensor (large <Tex>{String.raw`R`}</Tex>) a small one. Prediction adds uncertainty (<Tex>{String.raw`+Q`}</Tex>); the update removes some.
      </p>
      <p>
        A one-dimensional example: <Tex>{String.raw`A = C = 1`}</Tex>, <Tex>{String.raw`Q = R = 1`}</Tex>, <Tex>{String.raw`\mu_{t-1|t-1} = 0`}</Tex>,{" "}
        <Tex>{String.raw`P_{t-1|t-1} = 1`}</Tex>, and we observe <Tex>{String.raw`x_t = 2`}</Tex>. Predict: <Tex>{String.raw`\mu_{t|t-1} = 0`}</Tex>,{" "}
        <Tex>{String.raw`P_{t|t-1} = 2`}</Tex>. Update: <Tex>{String.raw`S_t = 3`}</Tex>, <Tex>{String.raw`K_t = 2/3`}</Tex>,{" "}
        <Tex>{String.raw`\mu_{t|t} = \tfrac23 \cdot 2 = \tfrac43`}</Tex> and <Tex>{String.raw`P_{t|t} = (1 - \tfrac23)\cdot 2 = \tfrac23`}</Tex>. The estimate
        moves two-thirds of the way to the observation, and its variance ends below both the prediction&apos;s (2) and the sensor&apos;s (1).
      </p>
      <p>
        The same quantities give the likelihood exactly: <Tex>{String.raw`p(x_t \mid x_{<t}) = \mathcal{N}(x_t;\ C\mu_{t|t-1},\ S_t)`}</Tex>, so{" "}
        <Tex>{String.raw`\log p(x_{1:T}) = \sum_t \log \mathcal{N}(x_t;\ C\mu_{t|t-1},\ S_t)`}</Tex>. Seen from the observations, the Kalman filter is an
        autoregressive model whose state <Tex>{String.raw`(\mu_{t|t}, P_{t|t})`}</Tex> is updated deterministically — just like the HMM&apos;s forward
        variables. The filter uses only the past; a backward pass, the Rauch–Tung–Striebel <strong>smoother</strong>, adds the future and gives{" "}
        <Tex>{String.raw`p(z_t \mid x_{1:T}) = \mathcal{N}(\mu_{t|T}, P_{t|T})`}</Tex>:
      </p>
      <Tex
        display
      >{String.raw`J_t = P_{t|t} A^\top P_{t+1|t}^{-1}, \qquad \mu_{t|T} = \mu_{t|t} + J_t\big(\mu_{t+1|T} - \mu_{t+1|t}\big), \qquad P_{t|T} = P_{t|t} + J_t\big(P_{t+1|T} - P_{t+1|t}\big)J_t^\top.`}</Tex>
      <p>
        Exactness has a price: linear dynamics and a linear-Gaussian emission cannot describe video frames or speech spectra. Dynamical VAEs keep the
        state-space idea, make the distributions nonlinear with neural networks, and pay with approximate inference — or, in the Kalman VAE, keep a linear core
        where inference stays exact.
      </p>

      <h2 id="dvae">Dynamical VAEs</h2>
      <p>
        A <strong>dynamical VAE</strong> (DVAE) combines the two routes: it has a latent sequence <Tex>{String.raw`z_{1:T}`}</Tex> like a state-space model and
        lets every distribution read the past through networks like an RNN. Its most general causal form is
      </p>
      <Tex display>{String.raw`p_\theta(x_{1:T}, z_{1:T}) = \prod_{t=1}^{T} p_\theta(x_t \mid x_{<t}, z_{\le t})\; p_\theta(z_t \mid z_{<t}, x_{<t}).`}</Tex>
      <p>
        The state-space model is the special case in which the emission keeps only <Tex>{String.raw`z_t`}</Tex> and the transition only{" "}
        <Tex>{String.raw`z_{t-1}`}</Tex>; the RNN is the case with no <Tex>{String.raw`z`}</Tex> at all. As in the VAE, an encoder (recognition network){" "}
        <Tex>{String.raw`q_\phi(z_{1:T} \mid x_{1:T}) = \prod_t q_\phi(z_t \mid z_{<t}, x_{1:T})`}</Tex> approximates the posterior, and training maximises a
        sequential ELBO, a lower bound on <Tex>{String.raw`\log p_\theta(x_{1:T})`}</Tex>:
      </p>
      <Tex
        display
      >{String.raw`\mathcal{L}(\theta, \phi) = \sum_{t=1}^{T} \mathbb{E}_{q_\phi(z_{\le t} \mid x_{1:T})}\big[\log p_\theta(x_t \mid x_{<t}, z_{\le t})\big] - \sum_{t=1}^{T} \mathbb{E}_{q_\phi(z_{<t} \mid x_{1:T})}\Big[\mathrm{KL}\big(q_\phi(z_t \mid z_{<t}, x_{1:T})\,\big\Vert\,p_\theta(z_t \mid z_{<t}, x_{<t})\big)\Big].`}</Tex>
      <p>
        Each step contributes a reconstruction term and a KL term that compares the encoder with a <em>learnt, time-varying prior</em>, not with a fixed{" "}
        <Tex>{String.raw`\mathcal{N}(0, I)`}</Tex>. Girin et al. (2021) review the whole family — the deep Kalman filter, STORN, the VRNN, SRNN, the Kalman VAE
        and others — in this one notation: the models differ in which dependencies they keep in the two factors and in the encoder, and the review derives which
        dependencies the exact posterior has in each case, a useful check on an encoder&apos;s design. Two members follow.
      </p>

      <h3 id="vrnn">The variational RNN (VRNN)</h3>
      <p>
        The VRNN (Chung et al., 2015) puts a VAE at every time step of an RNN. All its distributions are diagonal Gaussians whose parameters are computed by
        networks from the recurrent state <Tex>{String.raw`h_{t-1}`}</Tex>, which summarises <Tex>{String.raw`x_{<t}`}</Tex> and <Tex>{String.raw`z_{<t}`}</Tex>
        :
      </p>
      <Tex
        display
      >{String.raw`\begin{aligned} &\text{prior:} && p_\theta(z_t \mid h_{t-1}) \\ &\text{decoder:} && p_\theta\big(x_t \mid z_t, h_{t-1}\big) \\ &\text{encoder:} && q_\phi\big(z_t \mid x_t, h_{t-1}\big) \\ &\text{recurrence:} && h_t = f_\theta\big(h_{t-1}, \psi_x(x_t), \psi_z(z_t)\big) \end{aligned}`}</Tex>
      <VrnnDiagram />
      <p>
        Here <Tex>{String.raw`\psi_x`}</Tex> and <Tex>{String.raw`\psi_z`}</Tex> are small feature networks (the paper calls them{" "}
        <Tex>{String.raw`\varphi^x, \varphi^z`}</Tex>; we keep <Tex>{String.raw`\phi`}</Tex> for the encoder&apos;s parameters). The ELBO is a sum over steps:
      </p>
      <Tex
        display
      >{String.raw`\mathcal{L}_{\text{VRNN}} = \mathbb{E}_{q_\phi(z_{1:T} \mid x_{1:T})}\Bigg[\sum_{t=1}^{T} \Big(\log p_\theta(x_t \mid z_t, h_{t-1}) - \mathrm{KL}\big(q_\phi(z_t \mid x_t, h_{t-1})\,\big\Vert\,p_\theta(z_t \mid h_{t-1})\big)\Big)\Bigg].`}</Tex>
      <p>
        In training, each step samples <Tex>{String.raw`z_t`}</Tex> from the encoder with the reparameterisation trick, adds the reconstruction term and the
        closed-form KL between two Gaussians, and feeds the sample into <Tex>{String.raw`h_t`}</Tex>; in generation <Tex>{String.raw`z_t`}</Tex> is drawn from
        the prior instead. Because <Tex>{String.raw`z_t`}</Tex> enters the recurrence, a random choice made at one step conditions the prior at all later steps
        — the kind of variability the plain RNN struggles to carry. One simplification is worth knowing: the encoder sees only{" "}
        <Tex>{String.raw`x_{\le t}`}</Tex>, yet the exact posterior of <Tex>{String.raw`z_t`}</Tex> also depends on future observations, since{" "}
        <Tex>{String.raw`z_t`}</Tex> influences every later step through <Tex>{String.raw`h_t`}</Tex>. Later models such as SRNN (Fraccaro et al., 2016) add a
        backward RNN to the encoder for this reason.
      </p>

      <h3 id="kvae">The Kalman VAE</h3>
      <p>
        The Kalman VAE (Fraccaro et al., 2017) separates <em>what</em> is in a frame from <em>how</em> it moves, and keeps a linear-Gaussian core so that part
        of the inference stays exact. It has two latent sequences:
      </p>
      <ul>
        <li>
          a per-frame VAE: an encoder <Tex>{String.raw`q_\phi(a_t \mid x_t)`}</Tex> maps each image <Tex>{String.raw`x_t`}</Tex> to a low-dimensional code{" "}
          <Tex>{String.raw`a_t`}</Tex> (for a video of a bouncing ball, roughly its position), and a decoder <Tex>{String.raw`p_\theta(x_t \mid a_t)`}</Tex>{" "}
          draws the frame back; the codes act as <em>pseudo-observations</em>;
        </li>
        <li>
          a linear-Gaussian state-space model over the codes, with parameters <Tex>{String.raw`\gamma`}</Tex>: <Tex>{String.raw`z_t = A_t z_{t-1} + w_t`}</Tex>,{" "}
          <Tex>{String.raw`a_t = C_t z_t + v_t`}</Tex>, with Gaussian noises as in the Kalman filter.
        </li>
      </ul>
      <p>
        To model nonlinear motion — a ball that bounces off a wall — the matrices change over time as mixtures of <Tex>{String.raw`K`}</Tex> learnt ones,{" "}
        <Tex>{String.raw`A_t = \sum_{k=1}^{K} \alpha_t^{(k)} A^{(k)}`}</Tex> and <Tex>{String.raw`C_t = \sum_{k=1}^{K} \alpha_t^{(k)} C^{(k)}`}</Tex>, whose
        weights <Tex>{String.raw`\alpha_t`}</Tex> come from a small LSTM with a softmax output, the <em>dynamics parameter network</em>, reading the past codes{" "}
        <Tex>{String.raw`a_{<t}`}</Tex>. Because the weights depend only on past codes and not on <Tex>{String.raw`z`}</Tex>, the model is still linear-Gaussian
        in <Tex>{String.raw`z`}</Tex> once the codes are given.
      </p>
      <KalmanVaeDiagram />
      <p>
        Inference uses the encoder for the codes and the <em>exact</em> Kalman smoother for the states:{" "}
        <Tex>{String.raw`q(a_{1:T}, z_{1:T} \mid x_{1:T}) = \prod_t q_\phi(a_t \mid x_t)\; p_\gamma(z_{1:T} \mid a_{1:T})`}</Tex>. The ELBO is
      </p>
      <Tex
        display
      >{String.raw`\mathcal{L}_{\text{KVAE}} = \mathbb{E}_{q_\phi(a_{1:T} \mid x_{1:T})}\bigg[\log \frac{p_\theta(x_{1:T} \mid a_{1:T})}{q_\phi(a_{1:T} \mid x_{1:T})} + \mathbb{E}_{p_\gamma(z_{1:T} \mid a_{1:T})}\Big[\log \frac{p_\gamma(a_{1:T} \mid z_{1:T})\, p_\gamma(z_{1:T})}{p_\gamma(z_{1:T} \mid a_{1:T})}\Big]\bigg].`}</Tex>
      <p>
        The inner term equals <Tex>{String.raw`\log p_\gamma(a_{1:T})`}</Tex> exactly, the state-space model&apos;s likelihood of the codes, which the Kalman
        filter computes as <Tex>{String.raw`\sum_t \log \mathcal{N}(a_t;\ C_t\mu_{t|t-1},\ S_t)`}</Tex>: only the codes are sampled, and nothing about the
        states is approximated. The payoff is practical: with a missing frame the filter simply skips the update step, and the smoother fills in the gap, so the
        model can impute and imagine trajectories in the small space of codes without generating every frame.
      </p>

      <h3 id="compare">Where the randomness lives</h3>
      <div className="my-5 relative overflow-x-auto rounded-lg border border-line bg-white">
        <table className="w-full text-sm">
          <caption className="px-3 pt-3 pb-1 text-left text-xs text-slate-600">
            The sequence models of this module: what the state is, whether the transition is random, and how inference is done.
          </caption>
          <thead>
            <tr className="border-b border-line text-left">
              <th scope="col" className="px-3 py-2 font-semibold">
                Model
              </th>
              <th scope="col" className="px-3 py-2 font-semibold">
                State
              </th>
              <th scope="col" className="px-3 py-2 font-semibold">
                Transition
              </th>
              <th scope="col" className="px-3 py-2 font-semibold">
                Inference
              </th>
            </tr>
          </thead>
          <tbody>
            <tr className="border-b border-line/60">
              <th scope="row" className="px-3 py-1.5 text-left font-normal">
                RNN
              </th>
              <td className="px-3 py-1.5">deterministic vector</td>
              <td className="px-3 py-1.5">deterministic</td>
              <td className="px-3 py-1.5">none needed: exact likelihood</td>
            </tr>
            <tr className="border-b border-line/60">
              <th scope="row" className="px-3 py-1.5 text-left font-normal">
                HMM
              </th>
              <td className="px-3 py-1.5">discrete, random</td>
              <td className="px-3 py-1.5">random (transition matrix)</td>
              <td className="px-3 py-1.5">exact: forward–backward</td>
            </tr>
            <tr className="border-b border-line/60">
              <th scope="row" className="px-3 py-1.5 text-left font-normal">
                Linear-Gaussian model
              </th>
              <td className="px-3 py-1.5">continuous, random</td>
              <td className="px-3 py-1.5">random, linear</td>
              <td className="px-3 py-1.5">exact: Kalman filter and smoother</td>
            </tr>
            <tr className="border-b border-line/60">
              <th scope="row" className="px-3 py-1.5 text-left font-normal">
                VRNN
              </th>
              <td className="px-3 py-1.5">deterministic vector plus random latent</td>
              <td className="px-3 py-1.5">random, nonlinear</td>
              <td className="px-3 py-1.5">approximate: encoder and ELBO</td>
            </tr>
            <tr>
              <th scope="row" className="px-3 py-1.5 text-left font-normal">
                Kalman VAE
              </th>
              <td className="px-3 py-1.5">codes and continuous states, random</td>
              <td className="px-3 py-1.5">random, linear with switching matrices</td>
              <td className="px-3 py-1.5">encoder for the codes; exact smoother for the states</td>
            </tr>
          </tbody>
        </table>
      </div>

      <h2 id="deep-ar">Deep autoregressive models</h2>
      <p>
        RNNs process a sequence one step at a time even during training. Deep autoregressive models instead compute all conditionals in{" "}
        <strong>one parallel pass</strong>, by building the ordering into the architecture with masks.
      </p>
      <ul>
        <li>
          <strong>PixelCNN</strong> (van den Oord et al., 2016) orders the pixels of an image in raster order (and the colour channels R, G, B) and predicts
          each as a 256-way softmax. Its convolutions are <em>masked</em> so that a pixel never sees itself or later pixels: the first layer uses mask A (centre
          excluded), later layers mask B (centre allowed, since it now holds only information from earlier pixels).
        </li>
        <li>
          <strong>WaveNet</strong> models raw audio with <em>causal</em> 1-D convolutions (the prediction for time <Tex>{String.raw`t`}</Tex> depends only on
          samples before <Tex>{String.raw`t`}</Tex>) whose dilation doubles each layer: with kernel size 2 and dilations{" "}
          <Tex>{String.raw`1, 2, 4, \dots, 512`}</Tex>, ten layers see <Tex>{String.raw`1 + \sum_{\ell=0}^{9} 2^\ell = 1024`}</Tex> samples.
        </li>
        <li>
          <strong>Transformer decoders</strong> (next module) apply the same idea with a causal attention mask; GPT-style language models are autoregressive
          models over tokens.
        </li>
      </ul>

      <h2 id="teacher-forcing">Teacher forcing and exposure bias</h2>
      <p>
        During training, every conditional <Tex>{String.raw`p(x_t \mid x_{<t})`}</Tex> is fed the <em>true</em> previous elements from the data, not the
        model&apos;s own samples. This is <strong>teacher forcing</strong>, and it is what makes maximum likelihood — and the parallel training of masked models
        — possible. At generation time, however, the model consumes its own outputs, and an early mistake puts it in states it never saw in training; errors can
        compound (<em>exposure bias</em>). Remedies include scheduled sampling, which mixes in model predictions during training, and sequence-level
        fine-tuning.
      </p>

      <h2 id="references">References</h2>
      <ul className="text-sm">
        <li>A. Graves. “Generating Sequences with Recurrent Neural Networks.” arXiv:1308.0850, 2013.</li>
        <li>L. R. Rabiner. “A Tutorial on Hidden Markov Models and Selected Applications in Speech Recognition.” Proceedings of the IEEE, 1989.</li>
        <li>R. E. Kalman. “A New Approach to Linear Filtering and Prediction Problems.” Journal of Basic Engineering, 1960.</li>
        <li>H. E. Rauch, F. Tung, C. T. Striebel. “Maximum Likelihood Estimates of Linear Dynamic Systems.” AIAA Journal, 1965.</li>
        <li>J. Chung, K. Kastner, L. Dinh, K. Goel, A. Courville, Y. Bengio. “A Recurrent Latent Variable Model for Sequential Data.” NeurIPS 2015.</li>
        <li>M. Fraccaro, S. K. Sønderby, U. Paquet, O. Winther. “Sequential Neural Models with Stochastic Layers.” NeurIPS 2016.</li>
        <li>
          M. Fraccaro, S. Kamronn, U. Paquet, O. Winther. “A Disentangled Recognition and Nonlinear Dynamics Model for Unsupervised Learning.” NeurIPS 2017.
        </li>
        <li>
          L. Girin, S. Leglaive, X. Bie, J. Diard, T. Hueber, X. Alameda-Pineda. “Dynamical Variational Autoencoders: A Comprehensive Review.” Foundations and
          Trends in Machine Learning, 2021.
        </li>
        <li>A. van den Oord, N. Kalchbrenner, K. Kavukcuoglu. “Pixel Recurrent Neural Networks.” ICML 2016.</li>
        <li>
          A. van den Oord et al. “Conditional Image Generation with PixelCNN Decoders.” NeurIPS 2016; “WaveNet: A Generative Model for Raw Audio.”
          arXiv:1609.03499, 2016.
        </li>
        <li>R. J. Williams, D. Zipser. “A Learning Algorithm for Continually Running Fully Recurrent Neural Networks.” Neural Computation, 1989.</li>
        <li>S. Bengio, O. Vinyals, N. Jaitly, N. Shazeer. “Scheduled Sampling for Sequence Prediction with Recurrent Neural Networks.” NeurIPS 2015.</li>
      </ul>
    </div>
  );
}

export const autoregressiveModelsModule: ModuleContent = { slug: "autoregressive-models", minutes: 20, Body: AutoregressiveBody };
