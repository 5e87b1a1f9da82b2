import { Tex } from "@/app/_components/Tex";
import type { ModuleContent } from "./index";

/*
 * Module text: autoregressive models — RNNs, dynamical VAEs, deep autoregressive models.
 * References: Graves 2013, "Generating sequences with recurrent neural networks"; Williams & Zipser
 * 1989 (teacher forcing); Bengio et al. 2015 (scheduled sampling); Chung et al. 2015, "A recurrent
 * latent variable model for sequential data" (VRNN); Fraccaro et al. 2017, "A disentangled
 * recognition and nonlinear dynamics model for unsupervised learning" (Kalman VAE); Girin et al.
 * 2021, "Dynamical variational autoencoders: a comprehensive review"; Larochelle & Murray 2011
 * (NADE); van den Oord et al. 2016, "Pixel recurrent neural networks", "Conditional image
 * generation with PixelCNN decoders" and "WaveNet".
 */

function AutoregressiveBody() {
  return (
    <div className="prose-genlab">
      <p>
        Sequences — speech, text, sensor readings, the pixels of an image read row by row — have an order. Modelling sequential data means modelling the joint
        distribution <Tex>{String.raw`P(y_{1:T})`}</Tex> of a whole sequence <Tex>{String.raw`y_{1:T} = (y_1, \dots, y_T)`}</Tex>. Autoregressive models do it
        by predicting one element at a time from everything before it.
      </p>

      <h2 id="chain-rule">The chain rule: no assumption needed</h2>
      <p>Any joint distribution factorises, exactly, as</p>
      <Tex display>{String.raw`P(y_{1:T}) = \prod_{t=1}^{T} P(y_t \mid y_{<t}), \qquad y_{<t} = (y_1, \dots, y_{t-1}).`}</Tex>
      <p>An autoregressive model learns each conditional with a network shared across positions. This gives:</p>
      <ul>
        <li>
          <strong>Exact likelihood</strong>: <Tex>{String.raw`\log P(y_{1:T}) = \sum_t \log P(y_t \mid y_{<t})`}</Tex>, so training is plain maximum likelihood
          (cross-entropy per step). For example, conditionals 0.5, 0.4 and 0.25 give the sequence probability{" "}
          <Tex>{String.raw`0.5 \times 0.4 \times 0.25 = 0.05`}</Tex>.
        </li>
        <li>
          <strong>Simple sampling</strong>: draw <Tex>{String.raw`y_1`}</Tex>, feed it back, draw <Tex>{String.raw`y_2`}</Tex>, and so on — but strictly
          sequentially, <Tex>{String.raw`T`}</Tex> steps per sample.
        </li>
      </ul>
      <p>
        The HMM was an early instance with a strong assumption (a discrete hidden state summarising the past). Neural autoregressive models drop such
        assumptions and let a network read the whole history.
      </p>

      <h2 id="rnn">Recurrent neural networks</h2>
      <p>An RNN summarises the history in a hidden state updated at each step, and predicts the next element from it:</p>
      <Tex
        display
      >{String.raw`h_t = f_\theta(h_{t-1}, y_{t-1}), \qquad p(y_t \mid y_{<t}) = \mathcal{N}\big(y_t;\ \mu_\theta(h_t),\ \operatorname{diag}\sigma^2_\theta(h_t)\big).`}</Tex>
      <p>
        (For discrete tokens the output is a softmax instead; LSTMs and GRUs are the usual choices of <Tex>{String.raw`f_\theta`}</Tex>.) Note where the
        randomness lives. The <em>transition</em> <Tex>{String.raw`h_{t-1} \to h_t`}</Tex> is deterministic; the only noise is in the <em>output</em> model,
        added independently at every step. Such a model struggles with data whose variability is structured and high-level — the speaking style of a voice, the
        slant of a handwriting stroke — because it cannot carry a random choice forward in its state; it can only add per-step noise around a deterministic
        trajectory.
      </p>

      <h2 id="dvae">Dynamical VAEs</h2>
      <p>
        Dynamical VAEs (reviewed by Girin et al., 2021) put a <strong>latent sequence</strong> <Tex>{String.raw`z_{1:T}`}</Tex> into the model, combining the
        RNN with the VAE of earlier modules. The general form is
      </p>
      <Tex display>{String.raw`p_\theta(y_{1:T}, z_{1:T}) = \prod_{t=1}^{T} p_\theta(y_t \mid y_{<t}, z_{\le t})\; p_\theta(z_t \mid z_{<t}, y_{<t}),`}</Tex>
      <p>
        trained with a recognition network <Tex>{String.raw`q_\phi(z_{1:T} \mid y_{1:T})`}</Tex> and a sequential ELBO. Two well-known members:
      </p>
      <ul>
        <li>
          <strong>VRNN</strong> (Chung et al., 2015) — a VAE at every time step of an RNN. The prior <Tex>{String.raw`p(z_t \mid h_{t-1})`}</Tex>, the decoder{" "}
          <Tex>{String.raw`p(y_t \mid z_t, h_{t-1})`}</Tex> and the encoder <Tex>{String.raw`q(z_t \mid y_t, h_{t-1})`}</Tex> all read the recurrent state,
          which is then updated with both, <Tex>{String.raw`h_t = f(h_{t-1}, y_t, z_t)`}</Tex>. The ELBO is a sum over steps of reconstruction minus{" "}
          <Tex>{String.raw`\mathrm{KL}(q(z_t \mid \cdot)\,\Vert\,p(z_t \mid h_{t-1}))`}</Tex>.
        </li>
        <li>
          <strong>Kalman VAE</strong> (Fraccaro et al., 2017) — a VAE maps each frame <Tex>{String.raw`y_t`}</Tex> to a low-dimensional code{" "}
          <Tex>{String.raw`a_t`}</Tex>, and the codes follow a linear-Gaussian state-space model, <Tex>{String.raw`z_t = A_t z_{t-1} + \text{noise}`}</Tex>,{" "}
          <Tex>{String.raw`a_t = C_t z_t + \text{noise}`}</Tex>. The Kalman filter and smoother then give exact inference over <Tex>{String.raw`z`}</Tex> given{" "}
          <Tex>{String.raw`a`}</Tex>, while an RNN chooses <Tex>{String.raw`A_t, C_t`}</Tex> as mixtures of a few learnt matrices.
        </li>
      </ul>

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
        During training, every conditional <Tex>{String.raw`P(y_t \mid y_{<t})`}</Tex> is fed the <em>true</em> previous elements from the data, not the
        model&apos;s own samples. This is <strong>teacher forcing</strong>, and it is what makes maximum likelihood — and the parallel training of masked models
        — possible. At generation time, however, the model consumes its own outputs, and an early mistake puts it in states it never saw in training; errors can
        compound (<em>exposure bias</em>). Remedies include scheduled sampling, which mixes in model predictions during training, and sequence-level
        fine-tuning.
      </p>

      <h2 id="references">References</h2>
      <ul className="text-sm">
        <li>A. Graves. “Generating Sequences with Recurrent Neural Networks.” arXiv:1308.0850, 2013.</li>
        <li>J. Chung et al. “A Recurrent Latent Variable Model for Sequential Data.” NeurIPS 2015.</li>
        <li>M. Fraccaro et al. “A Disentangled Recognition and Nonlinear Dynamics Model for Unsupervised Learning.” NeurIPS 2017.</li>
        <li>L. Girin et al. “Dynamical Variational Autoencoders: A Comprehensive Review.” Foundations and Trends in ML, 2021.</li>
        <li>A. van den Oord et al. “Pixel Recurrent Neural Networks.” ICML 2016; “WaveNet: A Generative Model for Raw Audio.” 2016.</li>
        <li>S. Bengio et al. “Scheduled Sampling for Sequence Prediction with Recurrent Neural Networks.” NeurIPS 2015.</li>
      </ul>
    </div>
  );
}

export const autoregressiveModelsModule: ModuleContent = { slug: "autoregressive-models", minutes: 11, Body: AutoregressiveBody };
