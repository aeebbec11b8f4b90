#!/usr/bin/env python3
"""Fills translations/*.ts from the tables below after `cmake --build build --target
update_translations` has added new source texts. Korean: natural UI wording as Korean crowd-counting
practitioners use it. English: only the plural forms (%n) need translating."""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

KO = {
    "CrowdKD Studio: label, train, distill and ship crowd counters":
        "CrowdKD Studio: 군중 주석, 학습, 지식 증류, 인원 계수 모델 배포",
    "Workspace to start in: dataset, annotate, train, compare or count.":
        "시작할 작업 공간: dataset, annotate, train, compare, count 중 하나.",
    "User interface language: ko or en (default: the language chosen in the studio, else the system language).":
        "사용자 인터페이스 언어: ko 또는 en (기본값: 스튜디오에서 고른 언어, 없으면 시스템 언어).",
    "Dataset folders or images to open.": "열 데이터셋 폴더나 이미지.",
    "unknown language '%1' (use ko or en)": "알 수 없는 언어 '%1' (ko 또는 en을 쓰세요)",
    "no display to open the window on: set DISPLAY or WAYLAND_DISPLAY, run it under xvfb-run, or use the crowdkd command line":
        "창을 띄울 디스플레이가 없습니다: DISPLAY나 WAYLAND_DISPLAY를 설정하거나, xvfb-run으로 실행하거나, crowdkd 명령줄 도구를 쓰세요",
    "unknown workspace '%1' (use dataset, annotate, train, compare or count)":
        "알 수 없는 작업 공간 '%1' (dataset, annotate, train, compare, count 중 하나를 쓰세요)",
    "Add head at (%1, %2)": "머리 추가 (%1, %2)",
    "Move %n head(s)": "머리 %n개 이동",
    "Remove %n head(s)": "머리 %n개 삭제",
    "Display": "표시",
    "Head marker size": "머리 표시 크기",
    " px": " px",
    "Head marker colour": "머리 표시 색",
    "Show density map": "밀집도 맵 보기",
    "Density map opacity": "밀집도 맵 불투명도",
    "Edit history": "편집 기록",
    "<opened>": "<열었을 때>",
    "&Save Annotation": "주석 저장(&S)",
    "Save the head annotation into the dataset (Ctrl+S)": "머리 위치 주석을 데이터셋에 저장 (Ctrl+S)",
    "Save Annotation &As…": "다른 이름으로 주석 저장(&A)…",
    "&Undo": "실행 취소(&U)",
    "&Redo": "다시 실행(&R)",
    "Select &All Heads": "모든 머리 선택(&A)",
    "&Delete Selected Heads": "선택한 머리 삭제(&D)",
    "Zoom &In": "확대(&I)",
    "Zoom &Out": "축소(&O)",
    "&Fit to Window": "창에 맞추기(&F)",
    "&Actual Size (1:1)": "실제 크기 (1:1)(&A)",
    "&Previous Image": "이전 이미지(&P)",
    "Previous image (A, Page Up)": "이전 이미지 (A, Page Up)",
    "&Next Image": "다음 이미지(&N)",
    "Next image (D, Page Down)": "다음 이미지 (D, Page Down)",
    "Density &Map Overlay": "밀집도 맵 겹쳐 보기(&M)",
    "Show the density map computed from the heads (M)": "머리 위치로 계산한 밀집도 맵 보기 (M)",
    "<b>%1</b><br>%2 heads, %3 selected": "<b>%1</b><br>머리 %2개, %3개 선택됨",
    "No image open.": "열린 이미지가 없습니다.",
    "Head Marker Colour": "머리 표시 색",
    "Cannot Open Image": "이미지를 열 수 없음",
    "The image could not be opened:\n%1": "이미지를 열 수 없습니다:\n%1",
    "Recover Unsaved Edits": "저장하지 않은 편집 복구",
    "Unsaved edits of %1 from %2 were kept (%n head(s)). Recover them?":
        "%2에 자동 저장된 %1의 편집 내용이 있습니다 (머리 %n개). 복구할까요?",
    "Recover": "복구",
    "Recover autosaved edits": "자동 저장된 편집 복구",
    "Unsaved Changes": "저장하지 않은 변경 사항",
    "The head annotation of %1 has unsaved changes.": "%1의 머리 위치 주석에 저장하지 않은 변경 사항이 있습니다.",
    "Save them before going on?": "계속하기 전에 저장할까요?",
    "Cannot Save Here": "이 위치에 저장할 수 없음",
    "Save As…": "다른 이름으로 저장…",
    "Your edits are kept; choose another folder to save them in.":
        "편집 내용은 그대로 남아 있습니다. 저장할 다른 폴더를 고르세요.",
    "The dataset is read-only: %1 cannot be written.": "데이터셋이 읽기 전용이라 %1에 쓸 수 없습니다.",
    "The annotation could not be saved:\n%1": "주석을 저장하지 못했습니다:\n%1",
    "Save Annotation As": "다른 이름으로 주석 저장",
    "ShanghaiTech ground truth (*.mat)": "ShanghaiTech 정답 주석 (*.mat)",
    "Cannot Save": "저장할 수 없음",
    "CrowdKD Studio did not close normally. Unsaved head annotations of %n image(s) were kept: %1.":
        "CrowdKD Studio가 정상적으로 종료되지 않았습니다. 이미지 %n장의 저장하지 않은 머리 위치 주석이 남아 있습니다: %1.",
    "Open the most recent one now? The others are offered when you open their images.":
        "가장 최근 것을 지금 열까요? 나머지는 해당 이미지를 열 때 복구를 제안합니다.",
    "Open and Recover": "열어서 복구",
    "Later": "나중에",
    "No image.\nOpen a dataset and pick an image, or drop an image here.":
        "이미지가 없습니다.\n데이터셋을 열고 이미지를 고르거나, 이미지를 여기에 끌어다 놓으세요.",
    "Untitled": "제목 없음",
    "%n head(s)": "머리 %n개",
    "declares %1 heads but lists %2": "선언된 머리 수는 %1개인데 좌표는 %2개입니다",
    "no ShanghaiTech split (images/ and ground-truth/) was found in this folder":
        "이 폴더에서 ShanghaiTech 분할(images/와 ground-truth/)을 찾지 못했습니다",
    "Splits": "분할",
    "Statistics": "통계",
    "Problems found": "발견된 문제",
    "Filter by name": "이름으로 거르기",
    "Heads:": "머리 수:",
    "Show images with at least this many heads": "머리 수가 이 값 이상인 이미지만 보기",
    "Show images with at most this many heads (∞: no limit)": "머리 수가 이 값 이하인 이미지만 보기 (∞: 제한 없음)",
    "Has problems": "문제 있음",
    "Edited": "편집됨",
    "Only images whose annotation was edited in the studio": "스튜디오에서 주석을 편집한 이미지만 보기",
    "Sort by name": "이름순",
    "Fewest heads first": "머리 수 적은 순",
    "Most heads first": "머리 수 많은 순",
    "Grid": "격자",
    "List": "목록",
    "%1 (%n image(s))": "%1 (이미지 %n장)",
    "%1 of %2 shown": "%2장 중 %1장 표시",
    "%1\nDouble-click to show the file's folder.": "%1\n두 번 누르면 파일이 있는 폴더를 엽니다.",
    "No problems found.": "문제가 없습니다.",
    "Problems found (%1)": "발견된 문제 (%1)",
    "Cannot Open Dataset": "데이터셋을 열 수 없음",
    "%1 could not be opened as a dataset:\n%2": "%1을(를) 데이터셋으로 열 수 없습니다:\n%2",
    "Dataset": "데이터셋",
    "Annotate": "주석",
    "Train": "학습",
    "Compare": "비교",
    "Count": "인원 계수",
    ("Count", "table column: number of people"): "인원 수",
    "Browse the dataset: splits, images, head counts, statistics, problems":
        "데이터셋 둘러보기: 분할, 이미지, 머리 수, 통계, 문제",
    "Annotate head positions on one image": "이미지 한 장에 머리 위치 주석 달기",
    "Train the teacher and distill the student (coming later)": "교사 모델 학습과 학생 모델로의 지식 증류 (추후 제공)",
    "Compare models on a split (coming later)": "분할 하나에서 모델 비교 (추후 제공)",
    "Count people with a trained model (coming later)": "학습된 모델로 인원 계수 (추후 제공)",
    "&Open Dataset…": "데이터셋 열기(&O)…",
    "Open a dataset folder (Ctrl+O)": "데이터셋 폴더 열기 (Ctrl+O)",
    "Open &Image…": "이미지 열기(&I)…",
    "Open &Sample Dataset": "예제 데이터셋 열기(&S)",
    "&Close Dataset": "데이터셋 닫기(&C)",
    "&Preferences…": "환경설정(&P)…",
    "&Quit": "끝내기(&Q)",
    "&About CrowdKD Studio": "CrowdKD Studio 정보(&A)",
    "About &Qt": "Qt 정보(&Q)",
    "&File": "파일(&F)",
    "Open &Recent": "최근 데이터셋(&R)",
    "&Edit": "편집(&E)",
    "&View": "보기(&V)",
    "&Go": "이동(&G)",
    "&Workspace": "작업 공간(&W)",
    "&Language": "언어(&L)",
    "&Help": "도움말(&H)",
    "Workspaces": "작업 공간",
    "Main Toolbar": "기본 도구 모음",
    "Zoom %1%": "배율 %1%",
    "● Modified": "● 수정됨",
    "Saved": "저장됨",
    "%1[*] — CrowdKD Studio": "%1[*] — CrowdKD Studio",
    "No dataset open": "열린 데이터셋 없음",
    "CrowdKD Studio": "CrowdKD Studio",
    "Opening %1…": "%1 여는 중…",
    "No Sample Dataset": "예제 데이터셋 없음",
    "The sample dataset is not installed with this build.": "이 빌드에는 예제 데이터셋이 설치되어 있지 않습니다.",
    "Cannot Open": "열 수 없음",
    "%1 is neither a dataset folder nor an image.": "%1은(는) 데이터셋 폴더도 이미지도 아닙니다.",
    "Open Dataset": "데이터셋 열기",
    "Open Image": "이미지 열기",
    "Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff)": "이미지 (*.jpg *.jpeg *.png *.bmp *.tif *.tiff)",
    "Clear Recent Datasets": "최근 데이터셋 목록 지우기",
    "About CrowdKD Studio": "CrowdKD Studio 정보",
    "<h3>CrowdKD Studio %1</h3><p>Annotate crowd images, train an M-SFANet teacher, distill it into a tiny MCNN student and ship it.</p><table><tr><td>Qt</td><td>%2 (built with %3)</td></tr><tr><td>LibTorch</td><td>%4</td></tr><tr><td>OpenCV</td><td>%5</td></tr></table>":
        "<h3>CrowdKD Studio %1</h3><p>군중 이미지에 주석을 달고, M-SFANet 교사 모델을 학습해 작은 MCNN 학생 모델로 지식 증류한 뒤 배포합니다.</p><table><tr><td>Qt</td><td>%2 (빌드: %3)</td></tr><tr><td>LibTorch</td><td>%4</td></tr><tr><td>OpenCV</td><td>%5</td></tr></table>",
    "<p>This workspace will train the M-SFANet teacher model and distill it into the tiny MCNN student model (knowledge distillation: loss = (1 − α)·MSE(student, ground truth) + α·MSE(student, teacher)).</p><p>It will hold the run settings (α, learning-rate schedule, epochs), live loss and MAE/RMSE curves, and checkpoints you can load from the reference PyTorch code.</p><p><i>Coming in a later version.</i></p>":
        "<p>이 작업 공간에서는 M-SFANet 교사 모델을 학습하고 작은 MCNN 학생 모델로 지식 증류합니다 (손실 = (1 − α)·MSE(학생, 정답) + α·MSE(학생, 교사)).</p><p>학습 설정(α, 학습률 스케줄, 에포크), 실시간 손실 및 MAE/RMSE 곡선, 참조 PyTorch 코드의 체크포인트 불러오기가 들어갈 예정입니다.</p><p><i>다음 버전에서 제공됩니다.</i></p>",
    "<p>This workspace will compare models on a split: teacher against student, student against ground truth, with MAE/RMSE, per-image count errors and density maps side by side.</p><p><i>Coming in a later version.</i></p>":
        "<p>이 작업 공간에서는 분할 하나에서 모델을 비교합니다: 교사 대 학생, 학생 대 정답을 MAE/RMSE, 이미지별 계수 오차, 밀집도 맵으로 나란히 봅니다.</p><p><i>다음 버전에서 제공됩니다.</i></p>",
    "<p>This workspace will count the people in your own images and videos with a trained student model, show its density map and export the model for embedded devices.</p><p><i>Coming in a later version.</i></p>":
        "<p>이 작업 공간에서는 학습된 학생 모델로 내 이미지와 영상의 인원을 세고, 밀집도 맵을 보여 주며, 임베디드 기기용으로 모델을 내보냅니다.</p><p><i>다음 버전에서 제공됩니다.</i></p>",
    "Preferences": "환경설정",
    " s": "초",
    "Off": "끄기",
    "Save into the dataset without asking when switching images": "이미지를 바꿀 때 묻지 않고 데이터셋에 저장",
    "Autosave unsaved edits every": "저장하지 않은 편집 자동 저장 간격",
    "Language": "언어",
    "heads per image": "이미지당 머리 수",
    "images": "이미지 수",
    "Images": "이미지",
    "Not annotated yet": "아직 주석 없음",
    "Counted so far": "지금까지 센 이미지",
    "Total heads": "전체 머리 수",
    "Min / max heads": "최소 / 최대 머리 수",
    "Mean heads": "평균 머리 수",
    "new": "새 이미지",
    "Welcome to CrowdKD Studio": "CrowdKD Studio에 오신 것을 환영합니다",
    "Annotate heads on crowd images, train a large teacher model, distill it into a tiny student model and ship it.":
        "군중 이미지에 머리 위치 주석을 달고, 큰 교사 모델을 학습해 작은 학생 모델로 지식 증류한 뒤 배포하세요.",
    "Open Dataset…": "데이터셋 열기…",
    "Open the Sample Dataset": "예제 데이터셋 열기",
    "A few ShanghaiTech part A images with their head annotations, bundled with the studio":
        "스튜디오에 함께 들어 있는 ShanghaiTech part A 이미지 몇 장과 머리 위치 주석",
    "Recent datasets": "최근 데이터셋",
    "A dataset is a folder in the ShanghaiTech layout: one folder per split (train_data, test_data) holding images/ and ground-truth/. You can also drop a dataset folder or an image on this window.":
        "데이터셋은 ShanghaiTech 구조의 폴더입니다: 분할(train_data, test_data)마다 images/와 ground-truth/가 들어 있습니다. 데이터셋 폴더나 이미지를 이 창에 끌어다 놓아도 됩니다.",
    # Train and Count workspaces.
    "Other model file…": "다른 모델 파일…",
    "Default student (MCNN) — MAE %1, RMSE %2": "기본 학생 모델 (MCNN) — MAE %1, RMSE %2",
    "Default student (MCNN)": "기본 학생 모델 (MCNN)",
    "Trained by CrowdKD: %1. Measured on ShanghaiTech part A test (%2 images): MAE %3, RMSE %4.":
        "CrowdKD로 학습: %1. ShanghaiTech part A 테스트(이미지 %2장)에서 측정: MAE %3, RMSE %4.",
    "Open &images…": "이미지 열기(&I)…",
    "Open &folder…": "폴더 열기(&F)…",
    "C&lear": "비우기(&L)",
    "&Export counts…": "인원수 내보내기(&E)…",
    "Drop images or folders here to count the people in them.":
        "이미지나 폴더를 여기에 끌어다 놓으면 사람 수를 셉니다.",
    "Density overlay opacity:": "밀집도 맵 불투명도:",
    "%n image(s) counted, %1 people in total": "이미지 %n장 인원 계수, 모두 %1명",
    "Model to count with": "인원 계수에 쓸 모델",
    "Models (*.pth *.pt *.tar *.onnx);;All files (*)": "모델 (*.pth *.pt *.tar *.onnx);;모든 파일 (*)",
    "%1 looks like a dataset. Open it in the Dataset workspace instead of counting its images?":
        "%1은(는) 데이터셋으로 보입니다. 이미지를 세는 대신 데이터셋 작업 공간에서 열까요?",
    "The model could not be loaded: %1": "모델을 불러올 수 없습니다: %1",
    "%1 people": "%1명",
    "Images to count": "셀 이미지",
    "Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp);;All files (*)":
        "이미지 (*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp);;모든 파일 (*)",
    "Folder of images to count": "셀 이미지가 있는 폴더",
    "Export counts": "인원수 내보내기",
    "CSV table (*.csv);;JSON (*.json)": "CSV 표 (*.csv);;JSON (*.json)",
    "The counts could not be written to %1.": "인원수를 %1에 쓸 수 없습니다.",
    "Checkpoint saved: %1 (epoch %2)": "체크포인트 저장: %1 (에폭 %2)",
    "Paused.": "일시 정지했습니다.",
    "Resumed.": "다시 시작했습니다.",
    "Folder of training runs": "학습 실행 폴더",
    "Training settings": "학습 설정",
    "&Preset:": "프리셋(&P):",
    "Custom": "사용자 지정",
    "Paper: KD α=0.1": "논문: 지식 증류 α=0.1",
    "Paper: plain student": "논문: 일반 학생 모델",
    "Teacher (M-SFANet)": "교사 모델 (M-SFANet)",
    "Quick check (a few images)": "빠른 점검 (이미지 몇 장)",
    "&Dataset:": "데이터셋(&D):",
    "ShanghaiTech part folder (train_data, test_data)": "ShanghaiTech 파트 폴더 (train_data, test_data)",
    "Choose the dataset folder": "데이터셋 폴더 선택",
    "&Mode:": "방식(&M):",
    "Knowledge distillation (KD student)": "지식 증류 (증류 학생 모델)",
    "Plain student (MCNN)": "일반 학생 모델 (MCNN)",
    "&α (teacher weight):": "&α (교사 가중치):",
    "T&eacher model:": "교사 모델(&E):",
    "CrowdKD checkpoint or PyTorch .pth": "CrowdKD 체크포인트 또는 PyTorch .pth",
    "Choose the teacher model file": "교사 모델 파일 선택",
    "E&pochs:": "에폭(&P):",
    "&Learning rate:": "학습률(&L):",
    "0 uses the optimizer's default (Adam 1e-4, SGD 1e-6)": "0이면 옵티마이저 기본값 (Adam 1e-4, SGD 1e-6)",
    "&Batch size:": "배치 크기(&B):",
    "Default": "기본값",
    "&Crop size:": "자르기 크기(&C):",
    "Whole images": "이미지 전체",
    "Training &images:": "학습 이미지(&I):",
    "&Optimizer:": "옵티마이저(&O):",
    "&Scheduler:": "스케줄러(&S):",
    "Cosine annealing, warm restarts": "코사인 어닐링, 웜 리스타트",
    "Constant": "고정",
    "T_0 (epochs):": "T_0 (에폭):",
    "T_mult:": "T_mult:",
    "eta_min:": "eta_min:",
    "&Validate every:": "검증 간격(&V):",
    " epoch(s)": " 에폭",
    "See&d:": "시드(&D):",
    "De&vice:": "장치(&V):",
    "Automatic": "자동",
    "&Threads:": "스레드(&T):",
    "All cores": "모든 코어",
    "&Start": "시작(&S)",
    "S&top": "중지(&T)",
    "Stop after the current iteration; the run can be resumed": "현재 반복이 끝나면 중지합니다. 나중에 이어서 학습할 수 있습니다",
    "Past runs": "지난 실행",
    "Show the run's settings and curves": "실행의 설정과 곡선 보기",
    "Compare &curves": "곡선 비교(&C)",
    "Draw the run's curves on the same axes": "실행의 곡선을 같은 축에 겹쳐 그리기",
    "&Resume": "이어서 학습(&R)",
    "Continue the run from its last checkpoint": "마지막 체크포인트에서 실행을 이어 갑니다",
    "Count &with it": "이 모델로 인원 계수(&W)",
    "Use the run's best model in the Count workspace": "실행의 최고 모델을 인원 계수 작업 공간에서 사용",
    "Runs folder…": "실행 폴더…",
    "Save charts…": "차트 저장…",
    "Ready.": "준비됨.",
    "&Continue": "계속(&C)",
    "P&ause": "일시 정지(&A)",
    "KD α=%1": "지식 증류 α=%1",
    " — MAE %1": " — MAE %1",
    "%1\nStatus: %2, %3 of %4 epochs": "%1\n상태: %2, 에폭 %4 중 %3",
    "The learning rate and eta_min must be non-negative numbers.": "학습률과 eta_min은 0 이상의 수여야 합니다.",
    "Choose the dataset folder to train on.": "학습할 데이터셋 폴더를 고르세요.",
    "Knowledge distillation needs a teacher model file.": "지식 증류에는 교사 모델 파일이 필요합니다.",
    "The training could not start.": "학습을 시작할 수 없습니다.",
    "Training %1 into %2": "%1 학습, 저장 위치 %2",
    "Preparing data…": "데이터 준비 중…",
    "Cannot start: %1": "시작할 수 없음: %1",
    "Cannot resume: %1": "이어서 학습할 수 없음: %1",
    "Resuming %1": "%1 이어서 학습",
    "Stopping after the current iteration…": "현재 반복이 끝나면 중지합니다…",
    "Cannot read the settings of %1: %2": "%1의 설정을 읽을 수 없음: %2",
    "Showing %1": "%1 표시 중",
    "Started: %1 training images, %2 validation images, %3 parameters, on %4; epochs %5 to %6":
        "시작: 학습 이미지 %1장, 검증 이미지 %2장, 매개변수 %3개, 장치 %4, 에폭 %5–%6",
    "Training…": "학습 중…",
    "Epoch %1/%2 · iteration %3/%4 · %5 samples/s · elapsed %6 · ETA %7 · loss %8":
        "에폭 %1/%2 · 반복 %3/%4 · 초당 %5 샘플 · 경과 %6 · 남은 시간 %7 · 손실 %8",
    "Paused — %1": "일시 정지 — %1",
    "Epoch %1/%2 — %p%": "에폭 %1/%2 — %p%",
    "Epoch %1: validation MAE %2, RMSE %3 on %4 images%5": "에폭 %1: 검증 MAE %2, RMSE %3 (이미지 %4장)%5",
    " (best so far)": " (지금까지 최고)",
    "Training finished.": "학습을 마쳤습니다.",
    "Training stopped; resume it from the list of past runs.": "학습을 중지했습니다. 지난 실행 목록에서 이어서 학습할 수 있습니다.",
    "Training failed: %1": "학습 실패: %1",
    "Failed.": "실패했습니다.",
    "Finished": "완료",
    "Stopped (resumable)": "중지됨 (이어서 학습 가능)",
    "Failed": "실패",
    "<b>%1</b> — best validation MAE <b>%2</b>, RMSE <b>%3</b> (epoch %4) · weights %5 MB · %6 epochs in %7":
        "<b>%1</b> — 최고 검증 MAE <b>%2</b>, RMSE <b>%3</b> (에폭 %4) · 가중치 %5 MB · 에폭 %6회, %7 소요",
    "Training is running": "학습 진행 중",
    "A training run is going. Stop it? Its last checkpoint is kept, so it can be resumed later from the list of past runs.":
        "학습이 진행 중입니다. 중지할까요? 마지막 체크포인트가 남으므로 나중에 지난 실행 목록에서 이어서 학습할 수 있습니다.",
    "Teacher model": "교사 모델",
    "Models (*.pth *.pt *.tar);;All files (*)": "모델 (*.pth *.pt *.tar);;모든 파일 (*)",
    "Save charts": "차트 저장",
    "PNG image (*.png);;PDF document (*.pdf)": "PNG 이미지 (*.png);;PDF 문서 (*.pdf)",
    "The charts could not be saved to %1.": "차트를 %1에 저장할 수 없습니다.",
    "Loss": "손실",
    "Loss (smoothed)": "손실 (평활)",
    "Ground-truth part": "정답 항",
    "Teacher part": "교사 항",
    "Iteration": "반복",
    "Training loss": "학습 손실",
    "Validation MAE": "검증 MAE",
    "Validation RMSE": "검증 RMSE",
    "Best MAE": "최고 MAE",
    "Epoch": "에폭",
    "Count error": "인원수 오차",
    "Learning rate": "학습률",
    "MAE: %1": "MAE: %1",
    "Loss: %1": "손실: %1",
    "A training run is already going.": "이미 학습이 진행 중입니다.",
    "The folder %1 already holds a run.": "%1 폴더에는 이미 실행이 있습니다.",
    "Image": "이미지",
    "Dataset folder": "데이터셋 폴더",
    "error": "오류",
    "loss = (1 − α)·MSE(student, ground truth) + α·MSE(student, teacher)":
        "손실 = (1 − α)·MSE(학생 모델, 정답) + α·MSE(학생 모델, 교사 모델)",
    "All": "전체",
    "&Open": "열기(&O)",
    "teacher": "교사 모델",
    "student": "학생 모델",
    # Studio features of issue #7: Export dialog, α sweep (experiment) tab, review mode.
    "Experiment folder": "실험 폴더",
    "Open an experiment folder": "실험 폴더 열기",
    "Run %1 of %2: %3 (finished earlier, skipped)": "실행 %1/%2: %3 (이전에 완료되어 건너뜀)",
    "Run %1 of %2: %3": "실행 %1/%2: %3",
    "Run %1 of %2: %3, epoch %4 of %5 (batch %6 of %7)": "실행 %1/%2: %3, 에포크 %4/%5 (배치 %6/%7)",
    "Testing %1: image %2 of %3": "%1 테스트 중: 이미지 %2/%3",
    "The experiment failed: %1": "실험 실패: %1",
    "Stopped. Finished runs are kept; Run continues the experiment in %1.":
        "중지했습니다. 완료된 실행은 보존되며, 실행을 누르면 %1의 실험을 이어서 진행합니다.",
    "Finished: the tables are in %1.": "완료: 표는 %1에 있습니다.",
    "The α list must hold numbers between 0 and 1, such as 0.1, 0.3, 0.5, 0.7.":
        "α 목록에는 0.1, 0.3, 0.5, 0.7처럼 0과 1 사이의 숫자를 넣어야 합니다.",
    "Choose a teacher in the training form: every KD run distils it.":
        "학습 설정에서 교사 모델을 고르세요: 모든 지식 증류 실행이 이 모델을 증류합니다.",
    "Choose the experiment folder.": "실험 폴더를 고르세요.",
    "Name the split to test on.": "테스트할 분할 이름을 입력하세요.",
    "Starting the experiment in %1…": "%1에서 실험을 시작하는 중…",
    "No experiment tables: %1": "실험 표가 없습니다: %1",
    "0 (student)": "0 (학생 모델)",
    "The paper's experiment: a plain MCNN student and one distilled student per α, trained with the options of the form (data, teacher, epochs, crop, seed …), then counted on the test split with the teacher. Stopping keeps the finished runs; running again continues.":
        "논문의 실험: 일반 MCNN 학생 모델과 α마다 하나씩 지식 증류한 학생 모델을 학습 설정(데이터, 교사 모델, 에포크, 크롭, 시드 …)으로 학습한 뒤, 교사 모델과 함께 테스트 분할에서 인원을 계수합니다. 중지해도 완료된 실행은 보존되며, 다시 실행하면 이어서 진행합니다.",
    "α values:": "α 값:",
    "Test split:": "테스트 분할:",
    "Test images at most:": "최대 테스트 이미지 수:",
    "all": "전체",
    "Experiment folder:": "실험 폴더:",
    "Run Experiment": "실험 실행",
    "Stop": "중지",
    "Open Experiment…": "실험 열기…",
    "Table 1: models": "표 1: 모델",
    "Table 2: distillation weight α": "표 2: 증류 가중치 α",
    "Model": "모델",
    "Weights (MB)": "가중치 (MB)",
    "MAE": "MAE",
    "RMSE": "RMSE",
    "α": "α",
    "KD student MAE": "지식 증류 학생 모델 MAE",
    "Plain student MAE": "일반 학생 모델 MAE",
    "α (weight of the teacher term)": "α (교사 모델 항의 가중치)",
    "Test error (people)": "테스트 오차 (명)",
    "An experiment is already running.": "실험이 이미 진행 중입니다.",
    "Choose the model file to export.": "내보낼 모델 파일을 고르세요.",
    "%1: no such model file.": "%1: 모델 파일이 없습니다.",
    "Choose where to write the exported file.": "내보낸 파일을 저장할 위치를 고르세요.",
    "%1: no such test image.": "%1: 테스트 이미지가 없습니다.",
    "%1: no such teacher file.": "%1: 교사 모델 파일이 없습니다.",
    "Export failed: %1": "내보내기 실패: %1",
    "M-SFANet, the paper's figure for its weights (no teacher file chosen)":
        "M-SFANet, 논문에 나온 가중치 크기 (교사 모델 파일을 고르지 않음)",
    "teacher file %1": "교사 모델 파일 %1",
    "Exported file": "내보낸 파일",
    "%1 (%2 MB, %3 %4, %5 parameters)": "%1 (%2 MB, %3 %4, 파라미터 %5개)",
    "Teacher": "교사 모델",
    "%1 MB — %2": "%1 MB — %2",
    "Size": "크기",
    "%1× smaller than the teacher": "교사 모델보다 %1배 작음",
    "Test image": "테스트 이미지",
    "Count (source model)": "인원 수 (원본 모델)",
    "Count (exported, %1)": "인원 수 (내보낸 모델, %1)",
    "Difference": "차이",
    "%1 people (largest density difference %2)": "%1명 (밀집도 최대 차이 %2)",
    "Exported to %1 (not verified: no test image).": "%1(으)로 내보냈습니다 (테스트 이미지가 없어 검증하지 않음).",
    "Exported and verified: %1 counts like the source model.":
        "내보내고 검증했습니다: %1의 인원 계수 결과가 원본 모델과 같습니다.",
    "Verification failed: %1 counts %2 people, the source model %3.":
        "검증 실패: %1은(는) %2명, 원본 모델은 %3명으로 계수합니다.",
    "Model to export": "내보낼 모델",
    "Export (*%1);;All files (*)": "내보내기 (*%1);;모든 파일 (*)",
    "Export Model": "모델 내보내기",
    "Ships a model as ONNX (OpenCV DNN, ONNX Runtime, TensorRT), a LibTorch archive or a PyTorch state dict, with a JSON side-car. The export is verified by counting a test image with it and with the source model.":
        "모델을 ONNX(OpenCV DNN, ONNX Runtime, TensorRT), LibTorch 아카이브 또는 PyTorch state dict로 JSON 메타데이터와 함께 내보냅니다. 내보낸 모델과 원본 모델로 테스트 이미지의 인원을 계수해 결과를 검증합니다.",
    "Model:": "모델:",
    "PyTorch .pth, CrowdKD checkpoint, .onnx or LibTorch archive": "PyTorch .pth, CrowdKD 체크포인트, .onnx 또는 LibTorch 아카이브",
    "Architecture:": "구조:",
    "From the file": "파일에서 판단",
    "MCNN": "MCNN",
    "M-SFANet": "M-SFANet",
    "Format:": "형식:",
    "ONNX (.onnx)": "ONNX (.onnx)",
    "LibTorch archive (.pt)": "LibTorch 아카이브 (.pt)",
    "PyTorch state dict (.pth)": "PyTorch state dict (.pth)",
    "Half precision weights (half the size)": "반정밀도 가중치 (크기 절반)",
    "Output file:": "출력 파일:",
    "Teacher (size comparison):": "교사 모델 (크기 비교):",
    "none: the paper's M-SFANet, 91.7 MB of weights": "없음: 논문의 M-SFANet, 가중치 91.7 MB",
    "Test image:": "테스트 이미지:",
    "none: the export is not verified": "없음: 내보낸 모델을 검증하지 않음",
    "Export": "내보내기",
    "Close": "닫기",
    "Loading %1…": "%1 불러오는 중…",
    "Exporting to %1…": "%1(으)로 내보내는 중…",
    "Verifying on %1…": "%1(으)로 검증하는 중…",
    "&Export Model…": "모델 내보내기(&E)…",
    "Open an annotated image to review it.": "검토하려면 주석이 있는 이미지를 여세요.",
    "Running %1 on %2…": "%2에 %1 실행 중…",
    "Review failed: %1": "검토 실패: %1",
    "#%1 Possibly missed heads: the model sees ≈%2 more": "#%1 누락된 머리일 수 있음: 모델이 약 %2명 더 봅니다",
    "#%1 Possibly extra or duplicate labels: ≈%2 more than the model sees":
        "#%1 불필요하거나 중복된 주석일 수 있음: 모델보다 약 %2개 많습니다",
    "Annotated %1, model %2 in %3×%4 px at (%5, %6)": "주석 %1, 모델 %2 (위치 (%5, %6), 크기 %3×%4 px)",
    "Model %1 people, annotation %2. %3 region(s) where they disagree most; choose one to zoom onto it.":
        "모델 %1명, 주석 %2개. 가장 크게 어긋나는 영역 %3곳: 하나를 고르면 그 영역을 확대합니다.",
    "Model %1 people, annotation %2: no region disagrees by a head or more.":
        "모델 %1명, 주석 %2개: 한 명 이상 어긋나는 영역이 없습니다.",
    "Model to review with": "검토에 쓸 모델",
    "Review with model": "모델로 검토",
    "Stop Reviewing": "검토 중지",
    "Review with Model": "모델로 검토",
    "Show where the model's density and the annotation disagree most": "모델의 밀집도 맵과 주석이 가장 크게 어긋나는 곳을 보여 줍니다",
    "Block size:": "블록 크기:",
    "Compares a student's density with the annotation to find heads that were missed or labelled twice.":
        "학생 모델의 밀집도 맵을 주석과 비교해 누락되거나 두 번 표시된 머리를 찾습니다.",
    "Experiment in %1: %2 KD run(s).": "%1의 실험: 지식 증류 실행 %2개.",
    "Training": "학습",
    "α Sweep (Experiment)": "α 탐색 (실험)",
    "E&xport…": "내보내기(&X)…",
    "Export the run's best model (ONNX, LibTorch or PyTorch)": "이 실행의 최고 모델을 내보냅니다 (ONNX, LibTorch 또는 PyTorch)",
}

# English plural forms of the %n texts (singular, plural).
EN_PLURALS = {
    "Move %n head(s)": ("Move %n head", "Move %n heads"),
    "Remove %n head(s)": ("Remove %n head", "Remove %n heads"),
    "%n head(s)": ("%n head", "%n heads"),
    "%1 (%n image(s))": ("%1 (%n image)", "%1 (%n images)"),
    "%n image(s) counted, %1 people in total":
        ("%n image counted, %1 people in total", "%n images counted, %1 people in total"),
    "Unsaved edits of %1 from %2 were kept (%n head(s)). Recover them?":
        ("Unsaved edits of %1 from %2 were kept (%n head). Recover them?",
         "Unsaved edits of %1 from %2 were kept (%n heads). Recover them?"),
    "CrowdKD Studio did not close normally. Unsaved head annotations of %n image(s) were kept: %1.":
        ("CrowdKD Studio did not close normally. Unsaved head annotations of %n image were kept: %1.",
         "CrowdKD Studio did not close normally. Unsaved head annotations of %n images were kept: %1."),
}


def fill(path, language):
    tree = ET.parse(path)
    missing = []
    for message in tree.getroot().iter("message"):
        source = message.find("source").text
        translation = message.find("translation")
        numerus = message.get("numerus") == "yes"
        for child in list(translation):
            translation.remove(child)
        translation.text = None
        if language == "ko":
            # A (source, disambiguation comment) key wins over the bare source text.
            comment = message.find("comment")
            text = KO.get((source, comment.text)) if comment is not None else None
            if text is None:
                text = KO.get(source)
            if text is None:
                missing.append(source)
                translation.set("type", "unfinished")
                continue
            if numerus:
                ET.SubElement(translation, "numerusform").text = text
            else:
                translation.text = text
        else:
            if not numerus:
                translation.set("type", "unfinished")  # English source texts are used as they are
                continue
            forms = EN_PLURALS.get(source)
            if forms is None:
                missing.append(source)
                translation.set("type", "unfinished")
                continue
            for form in forms:
                ET.SubElement(translation, "numerusform").text = form
        translation.attrib.pop("type", None)
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return missing


if __name__ == "__main__":
    folder = Path(__file__).resolve().parent
    status = 0
    for language in ("ko", "en"):
        missing = fill(folder / f"crowdkd_{language}.ts", language)
        for text in missing:
            print(f"crowdkd_{language}.ts: no translation for {text!r}", file=sys.stderr)
            status = 1
    sys.exit(status)
