import type { QuizQuestion } from "../quiz";

export const adversarialAutoencodersQuiz: QuizQuestion[] = [
  {
    id: "discriminator-input",
    kind: "choice",
    prompt: "In an adversarial auto-encoder, which two kinds of input does the discriminator learn to tell apart?",
    choices: [
      "Reconstructed images and the original images",
      "Decoded prior samples and real images",
      "Codes of training images and samples drawn from the prior",
      "Codes of labelled images and codes of unlabelled images",
    ],
    answer: 2,
    explanation:
      "The AAE plays its GAN in the latent space: prior samples z′ ∼ p(z) are “real”, the encoder's codes of data are “fake”, and the encoder is the generator. The discriminator never sees an image; the images are handled by the reconstruction loss.",
  },
  {
    id: "aggregate-posterior",
    kind: "choice",
    prompt:
      "Averaged over the data, the VAE's KL term equals I_q(x; z) + KL(q_φ(z) ‖ p(z)), where q_φ(z) is the aggregate posterior. Which of the two does the AAE's adversarial regulariser push down?",
    choices: [
      "Only the mutual information I_q(x; z)",
      "Only the aggregate mismatch KL(q_φ(z) ‖ p(z))",
      "Both, with the same weights as the VAE",
      "Neither; it acts on the decoder's images",
    ],
    answer: 1,
    explanation:
      "The discriminator compares the pooled codes of all the data with the prior, so (with an optimal discriminator) the encoder minimises a divergence between q_φ(z) = ∫ q_φ(z | x) p_data(x) dx and p(z). The VAE also penalises I_q(x; z), which pulls every individual posterior towards the prior and costs information about x.",
  },
  {
    id: "any-prior",
    kind: "choice",
    prompt: "Why can an AAE use a swiss-roll prior that would be awkward for a standard VAE?",
    choices: [
      "A swiss roll is not differentiable, and only the AAE avoids gradients through the prior",
      "A swiss roll has zero mean, which makes the VAE's KL term undefined",
      "The AAE's decoder is trained on prior samples, so the prior's shape never affects training",
      "The AAE's regulariser needs only samples of the prior, while the VAE's KL term needs its density log p(z)",
    ],
    answer: 3,
    explanation:
      "The VAE's KL(q(z | x) ‖ p(z)) needs log p(z), in closed form or at least evaluable for a Monte Carlo estimate. The AAE's discriminator only ever sees draws from p(z), so any prior you can sample from works — a mixture of ten Gaussians, a swiss roll. The decoder is trained on codes of data, not on prior samples.",
  },
  {
    id: "mmd-tiny",
    kind: "numeric",
    prompt:
      "Two digits have 1-D codes z = 0 and z = 1; two samples of the prior are w = 2 and w = 3. With the Gaussian kernel k(a, b) = exp(−(a − b)²/2) (bandwidth h = 1), what is the unbiased estimate of MMD² between codes and prior samples? Give three decimals.",
    answer: 0.769,
    tolerance: 0.003,
    explanation:
      "With m = n = 2: the codes' term is (1/(2·1))·2·k(0, 1) = e^(−0.5) ≈ 0.6065; the prior samples' term is k(2, 3) ≈ 0.6065; the cross term is (2/4)·(e^(−2) + e^(−4.5) + e^(−0.5) + e^(−2)) ≈ 0.4442. MMD² ≈ 0.6065 + 0.6065 − 0.4442 ≈ 0.769: the codes sit two units left of the prior samples, and the cross term is small.",
  },
  {
    id: "negative-mmd",
    kind: "choice",
    prompt: "The server reports MMD² = −0.0004 for your encoder's codes. What does the negative sign tell you?",
    choices: [
      "Your codes match the prior better than a fresh set of prior samples would",
      "The estimator leaves out the i = j terms to be unbiased, so it scatters around 0 and can dip below it when the codes match the prior closely",
      "The kernel bandwidth was too small, so the number is meaningless",
      "Your codes are anti-correlated with the prior samples",
    ],
    answer: 1,
    explanation:
      "The population MMD² is never negative, but the unbiased estimator drops the k(z_i, z_i) = 1 terms of each within-sample sum; its sampling noise can push it below zero. A value of −0.0004 means “indistinguishable from 0 at this sample size”, not “better than perfect”.",
  },
  {
    id: "encoder-is-generator",
    kind: "choice",
    prompt: "In the regularisation phase, after the discriminator's step, which parameters are updated to fool the discriminator?",
    choices: [
      "The decoder's, so that decoded prior samples look real",
      "Both the encoder's and the decoder's",
      "The prior's, so that it moves towards the codes",
      "The encoder's alone",
    ],
    answer: 3,
    explanation:
      "The encoder plays the GAN's generator: it produces the “fake” samples, the codes. The decoder is updated only in the reconstruction phase, and the prior is fixed — it is what the codes must come to look like.",
  },
];
